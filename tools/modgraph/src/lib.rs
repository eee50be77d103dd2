//! Which module of a crate imports which, read from its source: enough to
//! hold the workspace to its rule that imports point one way (no module
//! imports one that imports it back) and the engine to its layers.
//!
//! A module imports another when its code names it: `use crate::a::b`,
//! `crate::a::b::f()`, `super::x`, or a child module by name (`draw::f()`).
//! Declaring a child (`mod draw;`) is not an import. Comments, string
//! literals and `#[cfg(test)]` modules are left out: tests may reach
//! anywhere. A path is taken to the deepest module it names, so
//! `crate::Dataset` (a re-export at the root) counts as importing the root.
//!
//! ```
//! let graph = modgraph::Graph::from_sources(&[
//!     ("", "mod a; mod b;"),
//!     ("a", "use crate::b::Thing;"),
//!     ("b", "pub struct Thing; fn f() { crate::a::g(); }"),
//! ]);
//! assert_eq!(graph.cycles(), vec![vec!["a".to_string(), "b".to_string()]]);
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules of one crate target and the imports between them. Module
/// paths are written without `crate::`; the root is `""`.
#[derive(Debug, Default)]
pub struct Graph {
    /// Each module with the modules it imports.
    pub imports: BTreeMap<String, BTreeSet<String>>,
    /// Each module's file, when read from disk.
    pub files: BTreeMap<String, PathBuf>,
}

impl Graph {
    /// Reads a crate target from its root file (`src/lib.rs`, `src/main.rs`),
    /// following `mod name;` declarations to their files.
    pub fn from_root(root: &Path) -> Result<Graph, String> {
        let mut sources = Vec::new();
        let mut files = BTreeMap::new();
        let mut pending = vec![(String::new(), root.to_path_buf())];
        while let Some((module, file)) = pending.pop() {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let code = code_only(&text);
            let dir = children_dir(&file, module.is_empty());
            for child in declared_modules(&code) {
                let candidates = [dir.join(format!("{child}.rs")), dir.join(&child).join("mod.rs")];
                let found = candidates
                    .iter()
                    .find(|p| p.exists())
                    .ok_or_else(|| format!("{}: mod {child}: no file", file.display()))?;
                pending.push((join(&module, &child), found.clone()));
            }
            files.insert(module.clone(), file);
            sources.push((module, text));
        }
        let mut graph = Graph::from_owned_sources(&sources);
        graph.files = files;
        Ok(graph)
    }

    /// Builds the graph from each module's path and source text.
    pub fn from_sources(sources: &[(&str, &str)]) -> Graph {
        let owned: Vec<(String, String)> =
            sources.iter().map(|(m, t)| (m.to_string(), t.to_string())).collect();
        Graph::from_owned_sources(&owned)
    }

    fn from_owned_sources(sources: &[(String, String)]) -> Graph {
        let modules: BTreeSet<String> = sources.iter().map(|(m, _)| m.clone()).collect();
        let mut imports = BTreeMap::new();
        for (module, text) in sources {
            let code = code_only(text);
            let children = declared_modules(&code);
            let mut out = BTreeSet::new();
            for path in referenced_paths(&code) {
                let absolute = match path.first().map(String::as_str) {
                    Some("crate") => path[1..].to_vec(),
                    Some("super") => {
                        let mut base: Vec<String> = split(module);
                        let mut rest = &path[..];
                        while rest.first().is_some_and(|s| s == "super") {
                            base.pop();
                            rest = &rest[1..];
                        }
                        base.extend(rest.iter().cloned());
                        base
                    }
                    Some("self") => {
                        split(module).into_iter().chain(path[1..].iter().cloned()).collect()
                    }
                    Some(first) if children.iter().any(|c| c == first) => {
                        split(module).into_iter().chain(path.iter().cloned()).collect()
                    }
                    _ => continue,
                };
                let target = deepest_module(&modules, &absolute);
                if &target != module {
                    out.insert(target);
                }
            }
            imports.insert(module.clone(), out);
        }
        Graph { imports, files: BTreeMap::new() }
    }

    /// Every set of modules that import each other (directly or round a
    /// circle), each sorted, in order; empty when imports point one way.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let names: Vec<&String> = self.imports.keys().collect();
        let index: BTreeMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|n| self.imports[*n].iter().filter_map(|t| index.get(t).copied()).collect())
            .collect();
        let mut out: Vec<Vec<String>> = strongly_connected(&edges)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut names: Vec<String> = c.into_iter().map(|i| names[i].clone()).collect();
                names.sort();
                names
            })
            .collect();
        out.sort();
        out
    }

    /// Imports that break a layering: `layers` lists top-level modules from
    /// the bottom up; a module in one layer may import only its own layer
    /// and those below. Modules outside every layer are not checked.
    pub fn layer_violations(&self, layers: &[&str]) -> Vec<String> {
        let layer_of = |module: &str| {
            layers.iter().position(|l| module == *l || module.starts_with(&format!("{l}::")))
        };
        let mut out = Vec::new();
        for (module, targets) in &self.imports {
            let Some(own) = layer_of(module) else { continue };
            for target in targets {
                match layer_of(target) {
                    Some(t) if t <= own => {}
                    Some(t) => out.push(format!(
                        "{module} imports {target}, from the later layer {}",
                        layers[t]
                    )),
                    None => out.push(format!(
                        "{module} imports {}, outside the layers",
                        if target.is_empty() { "the crate root" } else { target }
                    )),
                }
            }
        }
        out
    }
}

/// Tarjan's strongly connected components.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

fn split(module: &str) -> Vec<String> {
    module.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}::{child}")
    }
}

/// The longest prefix of `path` that is a module.
fn deepest_module(modules: &BTreeSet<String>, path: &[String]) -> String {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
        .unwrap_or_default()
}

/// Where a file's child modules live: beside `lib.rs`, `main.rs` and
/// `mod.rs`, in a folder named after any other file.
fn children_dir(file: &Path, is_root: bool) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    if is_root || file.file_name().is_some_and(|n| n == "mod.rs") {
        parent
    } else {
        parent.join(file.file_stem().unwrap_or_default())
    }
}

/// The names of `mod name;` declarations (not inline modules), and of the
/// modules a macro of the same file declares for each name it is given
/// (`macro_rules! languages { ($($m:ident),+) => { $(mod $m;)+ … } }`
/// then `languages!(zh_hans, en);`).
fn declared_modules(code: &str) -> Vec<String> {
    let words = words(code);
    let mut out = Vec::new();
    let mut declaring_macros = Vec::new();
    for i in 0..words.len() {
        if words[i] == "mod" && words.get(i + 2).is_some_and(|w| w == ";") {
            if let Some(name) = words.get(i + 1).filter(|w| is_ident(w)) {
                out.push(name.clone());
            }
        }
        if words[i] == "macro_rules" && words.get(i + 1).is_some_and(|w| w == "!") {
            let body_end = closing(&words, i + 3).unwrap_or(words.len());
            if (i + 3..body_end)
                .any(|j| words[j] == "mod" && words.get(j + 1).is_some_and(|w| w == "$"))
            {
                declaring_macros.push(words[i + 2].clone());
            }
        }
    }
    for i in 0..words.len() {
        let invoked = declaring_macros.contains(&words[i])
            && words.get(i + 1).is_some_and(|w| w == "!")
            && (i == 0 || words[i - 1] != "macro_rules");
        if invoked {
            let end = closing(&words, i + 2).unwrap_or(words.len());
            out.extend(words[i + 3..end].iter().filter(|w| is_ident(w)).cloned());
        }
    }
    out
}

/// The index of the bracket that closes the one at `open`.
fn closing(words: &[String], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, w) in words.iter().enumerate().skip(open) {
        match w.as_str() {
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Every path the code names that starts at `crate`, `super`, `self` or a
/// lowercase name, with `use` trees expanded: `use a::{b, c::d}` gives
/// `a::b` and `a::c::d`.
fn referenced_paths(code: &str) -> Vec<Vec<String>> {
    let tokens = words(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = is_ident(&tokens[i]) && (i == 0 || tokens[i - 1] != "::");
        if tokens[i] == "use" {
            let end = (i..tokens.len()).find(|&j| tokens[j] == ";").unwrap_or(tokens.len());
            expand_use(&tokens[i + 1..end], &[], &mut out);
            i = end + 1;
            continue;
        }
        if starts_path && tokens.get(i + 1).is_some_and(|t| t == "::") {
            let mut path = vec![tokens[i].clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|t| t == "::")
                && tokens.get(j + 1).is_some_and(|t| is_ident(t))
            {
                path.push(tokens[j + 1].clone());
                j += 2;
            }
            out.push(path);
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn expand_use(tokens: &[String], prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut i = 0;
    let mut path = prefix.to_vec();
    while i < tokens.len() {
        match tokens[i].as_str() {
            "::" | "pub" => i += 1,
            "{" => {
                let mut depth = 0;
                let mut start = i + 1;
                for j in i..tokens.len() {
                    match tokens[j].as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                expand_use(&tokens[start..j], &path, out);
                                return;
                            }
                        }
                        "," if depth == 1 => {
                            expand_use(&tokens[start..j], &path, out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            "," => {
                if path.len() > prefix.len() {
                    out.push(std::mem::replace(&mut path, prefix.to_vec()));
                }
                i += 1;
            }
            "as" => i += 2,
            "*" => i += 1,
            word if is_ident(word) => {
                path.push(word.to_string());
                i += 1;
            }
            _ => i += 1,
        }
    }
    if path.len() > prefix.len() {
        out.push(path);
    }
}

fn is_ident(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Identifiers, `::` and single punctuation, in order.
fn words(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// The source without comments, string and character literals, and
/// `#[cfg(test)]` modules.
pub fn code_only(text: &str) -> String {
    let stripped = strip_literals_and_comments(text);
    strip_test_modules(&stripped)
}

fn strip_literals_and_comments(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r'
            && (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
            && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            while j < c.len()
                && !(c[j] == '"' && (0..hashes).all(|h| c.get(j + 1 + h) == Some(&'#')))
            {
                j += 1;
            }
            i = j + 1 + hashes;
            out.push_str("\"\"");
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' {
            // A character literal ('a', '\n', '\''), or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c[i]);
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn strip_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        if item.starts_with("mod ") {
            // Skip to the end of the module: its matching brace, or `;`.
            let mut depth = 0;
            let mut end = item.len();
            for (i, ch) in item.char_indices() {
                match ch {
                    ';' if depth == 0 => {
                        end = i + 1;
                        break;
                    }
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &item[end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(graph: &Graph, module: &str) -> Vec<String> {
        graph.imports[module].iter().cloned().collect()
    }

    #[test]
    fn use_trees_paths_super_and_children_are_imports_and_declarations_are_not() {
        let g = Graph::from_sources(&[
            ("", "mod geo; mod data; mod map; pub use data::model::Facility;"),
            ("geo", "pub mod point; pub mod bbox;"),
            ("geo::point", "pub struct LatLon;"),
            ("geo::bbox", "use crate::geo::{point::LatLon, self};"),
            ("data", "pub mod model;"),
            (
                "data::model",
                "use crate::geo::point::LatLon; fn f() { let _ = crate::geo::bbox::Box3::new(); }",
            ),
            ("map", "mod draw; fn f() { draw::paint(); }"),
            ("map::draw", "pub fn paint() { super::super::geo::point::origin(); }"),
        ]);
        assert_eq!(imports(&g, ""), ["data::model"]);
        assert_eq!(imports(&g, "geo"), Vec::<String>::new(), "declaring children imports nothing");
        assert_eq!(imports(&g, "geo::bbox"), ["geo", "geo::point"]);
        assert_eq!(imports(&g, "data::model"), ["geo::bbox", "geo::point"]);
        assert_eq!(imports(&g, "map"), ["map::draw"]);
        assert_eq!(imports(&g, "map::draw"), ["geo::point"]);
        assert!(g.cycles().is_empty());
        assert!(g.layer_violations(&["geo", "data"]).is_empty());
    }

    #[test]
    fn modules_a_macro_declares_are_children() {
        let code = "macro_rules! languages { ($($m:ident),+) => { $(mod $m;)+ }; }\nlanguages!(zh_hans, en);";
        assert_eq!(declared_modules(&code_only(code)), ["zh_hans", "en"]);
        let g = Graph::from_sources(&[
            ("", "mod i18n;"),
            ("i18n", code),
            ("i18n::en", "use crate::i18n::Lang;"),
            ("i18n::zh_hans", ""),
        ]);
        assert_eq!(imports(&g, "i18n::en"), ["i18n"]);
    }

    #[test]
    fn a_child_that_uses_its_parent_which_uses_it_is_a_cycle() {
        let g = Graph::from_sources(&[
            ("", "mod map;"),
            ("map", "mod draw; pub struct State; fn f() { draw::paint(); }"),
            ("map::draw", "use super::State;"),
        ]);
        assert_eq!(g.cycles(), vec![vec!["map".to_string(), "map::draw".to_string()]]);
    }

    #[test]
    fn a_re_export_at_the_root_counts_as_the_root() {
        let g = Graph::from_sources(&[
            ("", "mod a; pub use a::Thing;"),
            ("a", "fn f() -> crate::Thing { todo!() }"),
        ]);
        assert_eq!(g.cycles(), vec![vec![String::new(), "a".to_string()]]);
    }

    #[test]
    fn comments_strings_and_tests_are_not_imports() {
        let g = Graph::from_sources(&[
            ("", "mod a; mod b;"),
            ("a", "// use crate::b;\n/* crate::b::x */ const S: &str = \"crate::b::x\"; const R: &str = r#\"crate::b\"#; const C: char = '\"'; fn f<'x>(_: &'x str) {}\n#[cfg(test)]\nmod tests { use crate::b::y; }"),
            ("b", "use crate::a::f;"),
        ]);
        assert_eq!(imports(&g, "a"), Vec::<String>::new());
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn a_lower_layer_importing_a_higher_one_is_named() {
        let g = Graph::from_sources(&[
            ("", "mod geo; mod query;"),
            ("geo", "use crate::query::Filter;"),
            ("query", "use crate::geo::LatLon; use crate::Top;"),
        ]);
        assert_eq!(
            g.layer_violations(&["geo", "query"]),
            [
                "geo imports query, from the later layer query",
                "query imports the crate root, outside the layers"
            ]
        );
    }

    #[test]
    fn a_crate_on_disk_is_read_through_its_mod_declarations() {
        let dir = std::env::temp_dir().join(format!("modgraph-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
        std::fs::write(dir.join("a/mod.rs"), "mod c;\npub use c::X;\n").unwrap();
        std::fs::write(dir.join("a/c.rs"), "pub struct X;\nfn f() { crate::b::g(); }\n").unwrap();
        std::fs::write(dir.join("b.rs"), "pub fn g() { let _ = crate::a::c::X; }\n").unwrap();
        let g = Graph::from_root(&dir.join("lib.rs")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(g.cycles(), vec![vec!["a::c".to_string(), "b".to_string()]]);
        assert_eq!(g.files.len(), 4);
    }
}
