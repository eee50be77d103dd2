//! The workspace's own rule: no module imports one that imports it back, in
//! any crate, and the engine's layers import only downward (sorting, then
//! geo, data, index and query; the synthetic test data above them all).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use modgraph::Graph;

/// Each crate target by its root file, with its layers from the bottom up (if any).
const TARGETS: &[(&str, &[&str])] = &[
    ("engine/src/lib.rs", &["sorting", "geo", "data", "index", "query", "testing"]),
    ("siteconfig/src/lib.rs", &[]),
    ("datakit/src/lib.rs", &[]),
    ("datakit/src/main.rs", &[]),
    ("app/src/main.rs", &[]),
    ("bench/src/lib.rs", &[]),
    ("tools/modgraph/src/lib.rs", &[]),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn graph(root: &str) -> Graph {
    Graph::from_root(&workspace().join(root)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut found = Vec::new();
    for (root, _) in TARGETS {
        for cycle in graph(root).cycles() {
            found.push(format!(
                "{root}: {}",
                cycle
                    .iter()
                    .map(|m| if m.is_empty() { "(root)" } else { m })
                    .collect::<Vec<_>>()
                    .join(" ↔ ")
            ));
        }
    }
    assert!(found.is_empty(), "modules that import each other:\n{}", found.join("\n"));
}

#[test]
fn the_engine_imports_only_downward() {
    for (root, layers) in TARGETS.iter().filter(|(_, l)| !l.is_empty()) {
        let violations = graph(root).layer_violations(layers);
        assert!(violations.is_empty(), "{root}:\n{}", violations.join("\n"));
    }
}

/// Every source file is in some target's module tree, so none escapes the check.
#[test]
fn every_source_file_is_checked() {
    let mut reached = BTreeSet::new();
    for (root, _) in TARGETS {
        reached.extend(graph(root).files.into_values().map(|p| p.canonicalize().unwrap()));
    }
    let mut missed = Vec::new();
    for (root, _) in TARGETS {
        let src = workspace().join(root).parent().unwrap().to_path_buf();
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !reached.contains(&path.canonicalize().unwrap())
                {
                    missed.push(path.display().to_string());
                }
            }
        }
    }
    assert!(missed.is_empty(), "not reached from any crate root: {missed:?}");
}

/// The app's rule: the components and the map never read each other's
/// internals. Each may name the other's top module (its public face, as
/// `map::MapView`), never a module inside it; what both need (the facility
/// symbols) lives beside them (`symbols`).
#[test]
fn the_apps_components_and_map_never_read_each_others_insides() {
    let graph = graph("app/src/main.rs");
    let inside = |module: &str, top: &str| module.starts_with(&format!("{top}::"));
    let mut found = Vec::new();
    for (module, targets) in &graph.imports {
        for (from, to) in [("components", "map"), ("map", "components")] {
            if module == from || inside(module, from) {
                found.extend(
                    targets
                        .iter()
                        .filter(|t| inside(t, to))
                        .map(|t| format!("{module} imports {t}")),
                );
            }
        }
    }
    assert!(found.is_empty(), "reaching inside the other:\n{}", found.join("\n"));
    // The rule reads real imports: both sides exist and import something.
    assert!(graph.imports.keys().any(|m| inside(m, "components")));
    assert!(graph.imports.keys().any(|m| inside(m, "map")));
}
