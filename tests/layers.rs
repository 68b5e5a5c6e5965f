//! The layer order of `docs/architecture.md`, held against the code.
//!
//! The document's `layers` block lists the engine's modules from the ground
//! floor up. This test reads every file of `src/`, finds what it imports
//! (`use` items and inline `crate::`/`super::`/`self::` paths; `modulab::`
//! in the command-line face), resolves each path to the file that holds it
//! and fails on
//! - an import of a module in a higher layer, or of another module in the
//!   same layer (modules of one layer stand side by side);
//! - an import circle between files, anywhere in `src/` (within a module
//!   too: a child never imports its parent's `mod.rs`).
//!
//! It also draws the module graph as `docs/architecture.svg` and fails when
//! the committed picture is not the one the code gives; run it with
//! `MODULAB_WRITE_ARCHITECTURE=1` to rewrite the picture.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One layer of the written order: its number, name and modules.
#[derive(Debug)]
struct Layer {
    level: usize,
    name: String,
    modules: Vec<String>,
}

/// Reads the ```layers block of docs/architecture.md: lines
/// `N name: module module …`, any order.
fn written_layers() -> Vec<Layer> {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/architecture.md"))
        .expect("docs/architecture.md exists");
    let block = doc
        .split("```layers")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/architecture.md has a ```layers block");
    let mut layers: Vec<Layer> = block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (head, modules) = line.split_once(':').expect("`N name: modules`");
            let (level, name) = head.trim().split_once(' ').expect("`N name`");
            Layer {
                level: level.parse().expect("a layer number"),
                name: name.trim().to_string(),
                modules: modules.split_whitespace().map(str::to_string).collect(),
            }
        })
        .collect();
    layers.sort_by_key(|l| l.level);
    layers
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable src/") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's path relative to `src/`, with `/` separators.
fn rel(path: &Path) -> String {
    path.strip_prefix(Path::new(ROOT).join("src"))
        .expect("under src/")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The code of a file without comments, string literals' contents and its
/// unit-test module (by convention the `#[cfg(test)] mod …` at the end),
/// whose `use super::*` reads the file itself.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        // Drop a trailing comment and the contents of string literals, so a
        // path in a message or a doc link is not an import.
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' && !(prev == '\'' && chars.get(i + 1) == Some(&'\'')) {
                in_str = !in_str;
                kept.push('"');
            } else if !in_str {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// Every path the code names: `use` trees (expanded) and inline paths that
/// start with `crate`, `super`, `self` or `modulab`.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '_') {
            if let Some(end) = after.find(';') {
                let tree = &after[..end];
                if !tree.contains('(') {
                    out.extend(expand(tree));
                }
            }
        }
        rest = after;
    }
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let start_ok = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        if start_ok {
            for root in ["crate::", "super::", "self::", "modulab::"] {
                let r: Vec<char> = root.chars().collect();
                if bytes[i..].starts_with(&r) {
                    let mut j = i;
                    while j < bytes.len()
                        && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == ':')
                    {
                        j += 1;
                    }
                    out.push(bytes[i..j].iter().collect());
                    i = j;
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// The module path of a file (`tasks/bandit.rs` → `[tasks, bandit]`,
/// `tasks/mod.rs` → `[tasks]`) within its crate root `root` (`""` for
/// the library, `bin/modulab/` for the command line).
fn module_of(file: &str, root: &str) -> Vec<String> {
    let inner = file.strip_prefix(root).unwrap_or(file);
    let inner = inner.strip_suffix(".rs").unwrap_or(inner);
    let mut parts: Vec<String> = inner.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file that holds the item at module path `segments` under crate root
/// `root`: the longest prefix that is a file, else the crate root file.
fn resolve(segments: &[String], root: &str, files: &BTreeSet<String>) -> Option<String> {
    for n in (1..=segments.len()).rev() {
        let base = format!("{root}{}", segments[..n].join("/"));
        for candidate in [format!("{base}.rs"), format!("{base}/mod.rs")] {
            if files.contains(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

/// Import edges between files of `src/` (from → to), without self-edges.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(ROOT).join("src");
    let all = rust_files(&src);
    let files: BTreeSet<String> = all.iter().map(|p| rel(p)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &all {
        let file = rel(path);
        let root = if file.starts_with("bin/modulab/") {
            "bin/modulab/"
        } else {
            ""
        };
        let own = module_of(&file, root);
        let code = code_of(&std::fs::read_to_string(path).expect("readable source"));
        let mut edges = BTreeSet::new();
        for p in paths_in(&code) {
            let segs: Vec<String> = p
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let (base_root, mut module): (&str, Vec<String>) = match segs[0].as_str() {
                "crate" => (root, Vec::new()),
                "modulab" => ("", Vec::new()),
                "self" => (root, own.clone()),
                "super" => (root, own.clone()),
                _ => continue,
            };
            let mut rest = &segs[1..];
            if segs[0] == "super" {
                module.pop();
                while rest.first().is_some_and(|s| s == "super") {
                    module.pop();
                    rest = &rest[1..];
                }
            }
            module.extend(rest.iter().cloned());
            if let Some(target) = resolve(&module, base_root, &files) {
                if target != file {
                    edges.insert(target);
                }
            }
        }
        graph.insert(file, edges);
    }
    graph
}

/// The top module a file belongs to: `tasks/bandit.rs` → `tasks`,
/// `rng.rs` → `rng`, `bin/modulab/run.rs` → `bin`; `None` for `lib.rs`.
fn top_module(file: &str) -> Option<String> {
    if file == "lib.rs" {
        return None;
    }
    let first = file.split('/').next().unwrap_or(file);
    Some(first.strip_suffix(".rs").unwrap_or(first).to_string())
}

fn layer_of(layers: &[Layer]) -> BTreeMap<String, usize> {
    layers
        .iter()
        .flat_map(|l| l.modules.iter().map(move |m| (m.clone(), l.level)))
        .collect()
}

#[test]
fn every_module_is_in_the_written_order() {
    let layers = written_layers();
    let placed = layer_of(&layers);
    let graph = import_graph();
    let modules: BTreeSet<String> = graph.keys().filter_map(|f| top_module(f)).collect();
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !placed.contains_key(*m))
        .collect();
    assert!(
        missing.is_empty(),
        "modules with no layer in docs/architecture.md: {missing:?}"
    );
    let stale: Vec<&String> = placed.keys().filter(|m| !modules.contains(*m)).collect();
    assert!(
        stale.is_empty(),
        "docs/architecture.md names modules src/ does not have: {stale:?}"
    );
}

#[test]
fn nothing_imports_upward_or_sideways() {
    let layers = written_layers();
    let placed = layer_of(&layers);
    let mut wrong = Vec::new();
    for (from, targets) in import_graph() {
        let Some(a) = top_module(&from) else { continue };
        for to in targets {
            let Some(b) = top_module(&to) else { continue };
            if a == b {
                continue;
            }
            let (Some(la), Some(lb)) = (placed.get(&a), placed.get(&b)) else {
                continue;
            };
            if lb >= la {
                wrong.push(format!(
                    "{from} (layer {la}, {a}) imports {to} (layer {lb}, {b})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that break the order of docs/architecture.md:\n{}",
        wrong.join("\n")
    );
}

/// A circle of imports between files, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut circle = stack[start..].to_vec();
                    circle.push(next.clone());
                    return Some(circle);
                }
                Mark::New => {
                    if let Some(c) = visit(next, graph, marks, stack) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New {
            if let Some(c) = visit(node, graph, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_import_circle_anywhere_in_src() {
    let graph = import_graph();
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle: {}", circle.join(" → "));
    }
}

#[test]
fn the_checker_sees_what_it_must() {
    // The parser's corners, on made-up code: a brace tree, a `super` path,
    // an inline path, and a comment or a string that must not count.
    let code = code_of(
        "use super::task::{Step, Task};\nuse crate::params::{limits::MAX_TRIALS, Check};\n\
         // use crate::chart;\nlet m = \"crate::wasm\"; let v = crate::rng::Rng::new(1);\n\
         #[cfg(test)]\nmod tests { use crate::experiment; }\n",
    );
    let paths = paths_in(&code);
    for want in [
        "super::task::Step",
        "super::task::Task",
        "crate::params::limits::MAX_TRIALS",
        "crate::params::Check",
        "crate::rng::Rng::new",
    ] {
        assert!(
            paths.iter().any(|p| p == want),
            "{want} not seen in {paths:?}"
        );
    }
    for never in ["crate::chart", "crate::wasm", "crate::experiment"] {
        assert!(!paths.iter().any(|p| p == never), "{never} wrongly seen");
    }
    let mut graph = BTreeMap::new();
    graph.insert("a.rs".to_string(), BTreeSet::from(["b.rs".to_string()]));
    graph.insert("b.rs".to_string(), BTreeSet::from(["a.rs".to_string()]));
    assert!(find_circle(&graph).is_some(), "a two-file circle is found");
    graph.insert("b.rs".to_string(), BTreeSet::new());
    assert!(find_circle(&graph).is_none());
}

/// The module graph as SVG: one row per layer (ground floor at the bottom),
/// one box per module with its file count, an arrow per module-level import.
fn architecture_svg() -> String {
    let layers = written_layers();
    let graph = import_graph();
    let mut files_in: BTreeMap<String, usize> = BTreeMap::new();
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (from, targets) in &graph {
        let Some(a) = top_module(from) else { continue };
        *files_in.entry(a.clone()).or_default() += 1;
        for to in targets {
            if let Some(b) = top_module(to) {
                if a != b {
                    edges.insert((a.clone(), b));
                }
            }
        }
    }
    let (box_w, box_h, gap_x, row_h, label_w) = (120.0, 40.0, 24.0, 90.0, 150.0);
    let widest = layers.iter().map(|l| l.modules.len()).max().unwrap_or(1) as f64;
    let width = label_w + widest * (box_w + gap_x) + gap_x;
    let height = layers.len() as f64 * row_h + 40.0;
    let mut at: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for (row, layer) in layers.iter().rev().enumerate() {
        let n = layer.modules.len() as f64;
        let span = n * box_w + (n - 1.0) * gap_x;
        let x0 = label_w + (width - label_w - span) / 2.0;
        for (i, m) in layer.modules.iter().enumerate() {
            at.insert(
                m.clone(),
                (x0 + i as f64 * (box_w + gap_x), 30.0 + row as f64 * row_h),
            );
        }
    }
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">"
    );
    let _ = writeln!(
        svg,
        "<title>ModuLab's layers: each module imports only modules of lower layers \
         (generated by tests/layers.rs from src/ and docs/architecture.md)</title>"
    );
    let _ = writeln!(
        svg,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">\
         <path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#777\"/></marker></defs>"
    );
    let _ = writeln!(svg, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    for (row, layer) in layers.iter().rev().enumerate() {
        let y = 30.0 + row as f64 * row_h + box_h / 2.0 + 4.0;
        let _ = writeln!(
            svg,
            "<text x=\"12\" y=\"{y}\" fill=\"#555\">{} {}</text>",
            layer.level, layer.name
        );
    }
    for (a, b) in &edges {
        let (Some(&(xa, ya)), Some(&(xb, yb))) = (at.get(a), at.get(b)) else {
            continue;
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\" \
             stroke-width=\"1.2\" marker-end=\"url(#arrow)\"><title>{a} imports {b}</title></line>",
            xa + box_w / 2.0,
            ya + box_h,
            xb + box_w / 2.0,
            yb
        );
    }
    for (m, (x, y)) in &at {
        let files = files_in.get(m).copied().unwrap_or(0);
        let _ = writeln!(
            svg,
            "<g><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{box_w}\" height=\"{box_h}\" rx=\"6\" \
             fill=\"#eef3fb\" stroke=\"#4a6fa5\"/><text x=\"{:.1}\" y=\"{:.1}\" \
             text-anchor=\"middle\">{m}</text><text x=\"{:.1}\" y=\"{:.1}\" \
             text-anchor=\"middle\" font-size=\"10\" fill=\"#666\">{files} file{}</text></g>",
            x + box_w / 2.0,
            y + 17.0,
            x + box_w / 2.0,
            y + 32.0,
            if files == 1 { "" } else { "s" }
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[test]
fn the_architecture_picture_is_drawn_from_the_code() {
    let path = Path::new(ROOT).join("docs/architecture.svg");
    let fresh = architecture_svg();
    if std::env::var_os("MODULAB_WRITE_ARCHITECTURE").is_some() {
        std::fs::write(&path, &fresh).expect("writable docs/");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/architecture.svg is not the picture of today's code: run \
         `MODULAB_WRITE_ARCHITECTURE=1 cargo test --test layers` and commit it"
    );
}

#[test]
fn comments_cite_science_files_a_reader_can_open() {
    // The science references live in docs/science/; the old names of the
    // files outside the repository must not come back.
    let mut stale = Vec::new();
    let mut files = rust_files(&Path::new(ROOT).join("src"));
    files.extend(rust_files(&Path::new(ROOT).join("tests")));
    files.extend(rust_files(&Path::new(ROOT).join("examples")));
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            let old = ["SCIENCE", ".md"].concat();
            let old_criteria = ["science-criteria", ".md"].concat();
            if line.contains(&old) || line.contains(&old_criteria) {
                stale.push(format!("{}:{}", path.display(), i + 1));
            }
            for cited in ["docs/science/model.md", "docs/science/criteria.md"] {
                if line.contains(cited) {
                    assert!(
                        Path::new(ROOT).join(cited).exists(),
                        "{cited} is cited but missing"
                    );
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "comments citing science files outside the repository (cite docs/science/):\n{}",
        stale.join("\n")
    );
}
