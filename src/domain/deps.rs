//! Dependencies between items: A depends on B. Cycles are refused.

use std::collections::{HashMap, HashSet};

use super::error::DomainError;
use super::key::Key;

/// Checks that adding `from → to` ("from depends on to") to the graph
/// `edges` (each item's dependencies) creates no cycle. On refusal the
/// message shows the cycle, e.g. `S-1 → S-2 → S-1`.
pub fn check_new_dependency(
    edges: &HashMap<Key, Vec<Key>>,
    from: Key,
    to: Key,
) -> Result<(), DomainError> {
    if from == to {
        return Err(DomainError::rule(format!("{from} cannot depend on itself")));
    }
    // Is `from` reachable from `to`? Then the new edge closes a cycle.
    if let Some(path) = path_between(edges, to, from) {
        let mut shown: Vec<String> = vec![from.to_string()];
        shown.extend(path.iter().map(ToString::to_string));
        return Err(DomainError::rule(format!(
            "refused: {from} → {to} would make a dependency cycle ({})",
            shown.join(" → ")
        )));
    }
    Ok(())
}

/// A path of dependencies leading from `start` to `goal`, both included.
fn path_between(edges: &HashMap<Key, Vec<Key>>, start: Key, goal: Key) -> Option<Vec<Key>> {
    let mut stack = vec![(start, vec![start])];
    let mut seen = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        if node == goal {
            return Some(path);
        }
        if !seen.insert(node) {
            continue;
        }
        for next in edges.get(&node).into_iter().flatten() {
            let mut p = path.clone();
            p.push(*next);
            stack.push((*next, p));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::key::Kind;
    use proptest::prelude::*;

    fn k(n: i64) -> Key {
        Key::new(Kind::Story, n)
    }

    #[test]
    fn refuses_self_and_cycles() {
        let mut g = HashMap::new();
        g.insert(k(1), vec![k(2)]);
        g.insert(k(2), vec![k(3)]);
        assert!(check_new_dependency(&g, k(4), k(4)).is_err());
        let e = check_new_dependency(&g, k(3), k(1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("S-3 → S-1 → S-2 → S-3"), "{e}");
        assert!(check_new_dependency(&g, k(1), k(3)).is_ok());
    }

    proptest! {
        /// Adding only accepted edges never produces a cycle.
        #[test]
        fn accepted_edges_stay_acyclic(pairs in proptest::collection::vec((1i64..12, 1i64..12), 0..60)) {
            let mut g: HashMap<Key, Vec<Key>> = HashMap::new();
            for (a, b) in pairs {
                if check_new_dependency(&g, k(a), k(b)).is_ok() {
                    g.entry(k(a)).or_default().push(k(b));
                }
            }
            for (&a, outs) in &g {
                for &b in outs {
                    prop_assert!(path_between(&g, b, a).is_none());
                }
            }
        }
    }
}
