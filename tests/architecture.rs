//! The layout's one hard rule: no module uses, directly or through others, a module that uses
//! it. Read from the source as text: every `use` and every `crate::`/`super::`/child-module
//! path, resolved to the module (file) it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Expands `a::{b, c::{d}}` into its paths.
fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let mut depth = 0;
    let mut item = String::new();
    let mut items = Vec::new();
    for ch in tree.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            items.push(std::mem::take(&mut item));
        } else {
            item.push(ch);
        }
    }
    items.push(item);
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if let Some((head, rest)) = item.split_once("::{") {
            let mut p = prefix.to_vec();
            p.extend(head.split("::").map(|s| s.trim().to_owned()));
            expand(&p, rest.strip_suffix('}').unwrap_or(rest), out);
        } else {
            let mut p = prefix.to_vec();
            let path = item.split(" as ").next().unwrap();
            p.extend(path.split("::").map(|s| s.trim().to_owned()));
            out.push(p);
        }
    }
}

#[test]
fn no_module_reaches_back_to_one_that_uses_it() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .filter(|(m, _)| !m.is_empty())
        .collect();
    let resolve = |segs: &[String]| -> Option<Vec<String>> {
        (1..=segs.len())
            .rev()
            .map(|k| segs[..k].to_vec())
            .find(|m| modules.contains_key(m))
    };
    let tests = Regex::new(r"(?s)#\[cfg\(test\)\]\s*mod tests \{.*").unwrap();
    let comments = Regex::new(r"//[^\n]*").unwrap();
    let uses = Regex::new(r"(?s)\buse ([^;]+);").unwrap();
    let paths = Regex::new(
        r"(?:^|[^A-Za-z0-9_:])((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_][A-Za-z0-9_]*)+)",
    )
    .unwrap();
    let children = Regex::new(r"(?m)^\s*(?:pub(?:\([a-z]+\))? )?mod ([a-z_0-9]+);").unwrap();

    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let text = tests.replace(&text, "");
        let text = comments.replace_all(&text, "");
        let kids: BTreeSet<String> = children
            .captures_iter(&text)
            .map(|c| c[1].to_owned())
            .collect();
        let mut found: Vec<Vec<String>> = Vec::new();
        for c in uses.captures_iter(&text) {
            let tree = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
            match tree.split_once("::{") {
                Some((head, rest)) => {
                    let prefix: Vec<String> = head.split("::").map(str::to_owned).collect();
                    expand(
                        &prefix,
                        rest.rsplit_once('}').map_or(rest, |r| r.0),
                        &mut found,
                    );
                }
                None => found.push(
                    tree.split(" as ")
                        .next()
                        .unwrap()
                        .split("::")
                        .map(str::to_owned)
                        .collect(),
                ),
            }
        }
        for c in paths.captures_iter(&text) {
            found.push(c[1].split("::").map(str::to_owned).collect());
        }
        let parent = &module[..module.len() - 1];
        let targets = edges.entry(module.clone()).or_default();
        for path in found {
            let Some(first) = path.first() else { continue };
            let segs: Vec<String> = match first.as_str() {
                "crate" => path[1..].to_vec(),
                "super" => parent
                    .iter()
                    .cloned()
                    .chain(path[1..].iter().cloned())
                    .collect(),
                "self" => module
                    .iter()
                    .cloned()
                    .chain(path[1..].iter().cloned())
                    .collect(),
                child if kids.contains(child) => {
                    module.iter().cloned().chain(path.iter().cloned()).collect()
                }
                _ => continue,
            };
            if let Some(target) = resolve(&segs).filter(|t| t != module) {
                targets.insert(target);
            }
        }
    }

    // Any cycle shows as a path from a module's target back to the module.
    let mut cycles = Vec::new();
    for (module, targets) in &edges {
        for start in targets {
            let mut seen = BTreeSet::new();
            let mut stack = vec![vec![start.clone()]];
            while let Some(trail) = stack.pop() {
                let here = trail.last().unwrap();
                if here == module {
                    let names: Vec<String> = std::iter::once(module)
                        .chain(trail.iter())
                        .map(|m| m.join("::"))
                        .collect();
                    cycles.push(names.join(" -> "));
                    break;
                }
                if !seen.insert(here.clone()) {
                    continue;
                }
                for next in edges.get(here).into_iter().flatten() {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    assert!(
        edges.len() > 50,
        "the source was read ({} modules)",
        edges.len()
    );
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}
