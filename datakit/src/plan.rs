//! What a phone would download to answer "the nearest k" at a point from a
//! published build split into shards or tiles: which files, in how many
//! sequential rounds, how many bytes (raw and as the host gzips them), and
//! whether the answer is the whole dataset's. `datakit plan` prints it; the
//! bench script runs it at county seats across China.

use std::path::Path;

use engine::shards::{Manifest, ShardSet};
use engine::{Filter, LatLon};

/// One point's downloads.
#[derive(Debug, serde::Serialize)]
pub struct Plan {
    /// The point, `LAT,LON`.
    pub at: String,
    /// How many nearest were asked for.
    pub k: usize,
    /// Shards fetched, in fetch order.
    pub shards: Vec<String>,
    /// Sequential rounds of fetching after the manifest, in the batches
    /// `Partial::next_batch` gives.
    pub rounds: usize,
    /// Bytes of the shards, as stored.
    pub bytes: u64,
    /// Bytes of the shards gzipped at nginx's level 6 (what crosses the network).
    pub gzip_bytes: u64,
    /// Bytes of the manifest gzipped.
    pub manifest_gzip_bytes: u64,
    /// Bytes of the whole-dataset file gzipped, the alternative.
    pub whole_gzip_bytes: u64,
    /// Whether the answer equals the whole dataset's, id for id.
    pub same_as_whole: bool,
}

fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map_or(0, |out| out.len() as u64)
}

/// Plans the nearest-`k` downloads at each point from the published build
/// whose `manifest.json` is `manifest_path`.
pub fn plan(
    manifest_path: &Path,
    points: &[LatLon],
    k: usize,
    filter: &Filter,
) -> Result<Vec<Plan>, String> {
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let read = |name: &str| {
        std::fs::read(dir.join(name))
            .map_err(|e| format!("{}: cannot read ({e})", dir.join(name).display()))
    };
    let text = std::fs::read_to_string(manifest_path)
        .map_err(|e| format!("{}: cannot read ({e})", manifest_path.display()))?;
    let manifest =
        Manifest::parse(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    if manifest.shards.is_empty() {
        return Err(format!(
            "{}: lists no shards; build with --shard-by tiles (or province, city)",
            manifest_path.display()
        ));
    }
    let whole_info = manifest.whole().map_err(|e| e.to_string())?;
    let whole_bytes = read(&whole_info.path)?;
    let whole = engine::shards::open(whole_info, &whole_bytes).map_err(|e| e.to_string())?;
    let whole_gzip_bytes = gzip_len(&whole_bytes);
    let manifest_gzip_bytes = gzip_len(text.as_bytes());
    let mut files: Vec<Option<Vec<u8>>> = vec![None; manifest.shards.len() + manifest.layers.len()];
    let mut plans = Vec::new();
    for &point in points {
        let mut set = ShardSet::new(manifest.clone());
        let (mut shards, mut rounds, mut bytes, mut gzip_bytes) = (Vec::new(), 0, 0, 0);
        loop {
            let partial = set.nearest(point, k, filter);
            if partial.is_complete() {
                break;
            }
            let batch = partial.next_batch(rounds, partial.results.len() < k).to_vec();
            drop(partial);
            for i in batch {
                let info = set.file(i).ok_or("the manifest changed under the plan")?.clone();
                if files[i].is_none() {
                    files[i] = Some(read(&info.path)?);
                }
                let file = files[i].as_deref().unwrap_or_default();
                set.insert(i, file).map_err(|e| e.to_string())?;
                shards.push(info.path.clone());
                bytes += file.len() as u64;
                gzip_bytes += gzip_len(file);
            }
            rounds += 1;
        }
        let ids = |hits: Vec<engine::Hit<'_>>| {
            hits.iter().map(|h| h.facility.id().to_string()).collect::<Vec<_>>()
        };
        let same_as_whole =
            ids(set.nearest(point, k, filter).results) == ids(whole.nearest(point, k, filter));
        plans.push(Plan {
            at: format!("{:.4},{:.4}", point.lat(), point.lon()),
            k,
            shards,
            rounds,
            bytes,
            gzip_bytes,
            manifest_gzip_bytes,
            whole_gzip_bytes,
            same_as_whole,
        });
    }
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiled_build_answers_with_a_few_tiles_and_the_whole_answer() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("facilities.xzd");
        let seats = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/places/county_seats.csv");
        crate::build::synth(20_000, 3, &seats, &out, Some(engine::shards::ShardLevel::Tiles(500)))
            .unwrap();
        let 大足 = LatLon::new(29.7, 105.72).unwrap();
        let plans = plan(&dir.path().join("manifest.json"), &[大足], 10, &Filter::all()).unwrap();
        let p = &plans[0];
        assert!(p.same_as_whole);
        assert!((1..=2).contains(&p.rounds), "{p:?}");
        assert!(!p.shards.is_empty() && p.shards.len() <= 4, "{p:?}");
        assert!(p.gzip_bytes * 5 < p.whole_gzip_bytes, "{p:?}");
        // A rare filter: the chest-pain centres' own layer answers.
        let rare =
            Filter { designations: vec![engine::Designation::ChestPainCentre], ..Filter::all() };
        let plans = plan(&dir.path().join("manifest.json"), &[大足], 10, &rare).unwrap();
        assert!(plans[0].same_as_whole, "{:?}", plans[0]);
        // One file holds every chest-pain centre: one round.
        assert_eq!((plans[0].rounds, plans[0].shards.len()), (1, 1), "{:?}", plans[0]);
        assert!(plans[0].shards[0].starts_with("shards/d-chest_pain_centre."), "{:?}", plans[0]);
        // Without shards there is nothing to plan, and it says so.
        let flat = tempfile::tempdir().unwrap();
        crate::build::build(
            &crate::build::curated_csv(),
            &flat.path().join("facilities.xzd"),
            None,
        )
        .unwrap();
        assert!(plan(&flat.path().join("manifest.json"), &[大足], 10, &Filter::all())
            .unwrap_err()
            .contains("lists no shards"));
        assert!(plan(&flat.path().join("nothing.json"), &[大足], 10, &Filter::all())
            .unwrap_err()
            .contains("cannot read"));
    }
}
