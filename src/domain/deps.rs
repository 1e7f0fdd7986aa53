//! Dependencies between items: A depends on B. Cycles are refused.

use std::collections::HashMap;

use super::error::DomainError;
use super::key::Key;

/// The most items of a cycle a refusal names; a longer one is shown by
/// its ends.
const CYCLE_SHOWN: usize = 8;

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
        // A long cycle is shown by its ends: the message stays one short
        // line (a cycle through 20,000 stories was a 150 KB line).
        if path.len() > CYCLE_SHOWN {
            let head = CYCLE_SHOWN / 2;
            let tail = CYCLE_SHOWN - head;
            shown.extend(path[..head].iter().map(ToString::to_string));
            shown.push(format!("… {} more …", path.len() - CYCLE_SHOWN));
            shown.extend(path[path.len() - tail..].iter().map(ToString::to_string));
        } else {
            shown.extend(path.iter().map(ToString::to_string));
        }
        return Err(DomainError::rule(format!(
            "refused: {from} → {to} would make a dependency cycle ({})",
            shown.join(" → ")
        )));
    }
    Ok(())
}

/// Checks `new` edges (`from → to`, in order) added to `edges` as
/// [`check_new_dependency`] would one at a time, with the same refusal,
/// in time linear in the size of the graph: one check per edge walked
/// the whole chain below it, so an import of a document whose 30,000
/// stories each depend on the one before ran for hours. On a cycle the
/// first edge that closes one is found by halving (a linear check each).
pub fn check_new_dependencies(
    edges: &HashMap<Key, Vec<Key>>,
    new: &[(Key, Key)],
) -> Result<(), DomainError> {
    first_refused(edges, new).map_err(|(_, e)| e)
}

/// [`check_new_dependencies`], naming which of `new` is refused (its index).
pub fn first_refused(
    edges: &HashMap<Key, Vec<Key>>,
    new: &[(Key, Key)],
) -> Result<(), (usize, DomainError)> {
    if new.is_empty() || is_acyclic(edges, new) {
        return Ok(());
    }
    // The first prefix of `new` that makes a cycle ends with the edge
    // that closes it (`is_acyclic` of an empty prefix is the graph's own).
    let (mut lo, mut hi) = (0, new.len() - 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if is_acyclic(edges, &new[..=mid]) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut graph = edges.clone();
    for &(from, to) in &new[..lo] {
        graph.entry(from).or_default().push(to);
    }
    // A graph that already held a cycle (none is ever stored): the edges
    // one at a time, as before.
    for (n, &(from, to)) in new.iter().enumerate().skip(lo) {
        check_new_dependency(&graph, from, to).map_err(|e| (n, e))?;
        graph.entry(from).or_default().push(to);
    }
    Ok(())
}

/// Whether `edges` with `extra` added holds no cycle (a depth-first walk
/// of every node once).
fn is_acyclic(edges: &HashMap<Key, Vec<Key>>, extra: &[(Key, Key)]) -> bool {
    let mut more: HashMap<Key, Vec<Key>> = HashMap::new();
    for &(from, to) in extra {
        more.entry(from).or_default().push(to);
    }
    let next = |k: Key| {
        edges
            .get(&k)
            .into_iter()
            .chain(more.get(&k))
            .flatten()
            .copied()
    };
    // 1: on the current path; 2: done.
    let mut state: HashMap<Key, u8> = HashMap::new();
    for start in edges.keys().chain(more.keys()).copied() {
        if state.contains_key(&start) {
            continue;
        }
        state.insert(start, 1);
        let mut stack: Vec<(Key, Vec<Key>)> = vec![(start, next(start).collect())];
        while let Some((node, children)) = stack.last_mut() {
            match children.pop() {
                Some(child) => match state.get(&child) {
                    Some(1) => return false,
                    Some(_) => {}
                    None => {
                        state.insert(child, 1);
                        stack.push((child, next(child).collect()));
                    }
                },
                None => {
                    state.insert(*node, 2);
                    stack.pop();
                }
            }
        }
    }
    true
}

/// A path of dependencies leading from `start` to `goal`, both included:
/// a depth-first walk that keeps where it came from to each node (it
/// used to keep a copy of the whole path for every node on its stack,
/// quadratic in a chain's length), visiting in the same order as before,
/// so it finds the same path.
fn path_between(edges: &HashMap<Key, Vec<Key>>, start: Key, goal: Key) -> Option<Vec<Key>> {
    let mut stack: Vec<(Key, Option<Key>)> = vec![(start, None)];
    let mut came_from: HashMap<Key, Option<Key>> = HashMap::new();
    while let Some((node, from)) = stack.pop() {
        if came_from.contains_key(&node) && node != goal {
            continue;
        }
        if node == goal {
            let mut path = vec![goal];
            let mut at = from;
            while let Some(k) = at {
                path.push(k);
                at = came_from.get(&k).copied().flatten();
            }
            path.reverse();
            return Some(path);
        }
        came_from.insert(node, from);
        for next in edges.get(&node).into_iter().flatten() {
            stack.push((*next, Some(node)));
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

    /// The walk as first written: a copy of the path for every node.
    fn path_before(edges: &HashMap<Key, Vec<Key>>, start: Key, goal: Key) -> Option<Vec<Key>> {
        let mut stack = vec![(start, vec![start])];
        let mut seen = std::collections::HashSet::new();
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

    #[test]
    fn a_long_chain_is_checked_in_linear_time() {
        let n = 200_000;
        let chain: Vec<(Key, Key)> = (2..=n).map(|i| (k(i), k(i - 1))).collect();
        assert!(check_new_dependencies(&HashMap::new(), &chain).is_ok());
        let mut closing = chain.clone();
        closing.push((k(1), k(n)));
        let e = check_new_dependencies(&HashMap::new(), &closing).unwrap_err();
        let e = e.to_string();
        assert_eq!(
            e,
            format!(
                "refused: S-1 → S-{n} would make a dependency cycle (S-1 → S-{n} → S-{} → S-{} → S-{} → … {} more … → S-4 → S-3 → S-2 → S-1)",
                n - 1,
                n - 2,
                n - 3,
                n - 8
            )
        );
    }

    proptest! {
        /// The edges checked at once are refused exactly as one at a time.
        #[test]
        fn edges_at_once_are_refused_as_one_at_a_time(
            pairs in proptest::collection::vec((1i64..10, 1i64..10), 0..30),
            old in proptest::collection::vec((1i64..10, 1i64..10), 0..10),
        ) {
            let mut g: HashMap<Key, Vec<Key>> = HashMap::new();
            for (a, b) in old {
                if check_new_dependency(&g, k(a), k(b)).is_ok() {
                    g.entry(k(a)).or_default().push(k(b));
                }
            }
            let edges: Vec<(Key, Key)> = pairs.iter().map(|&(a, b)| (k(a), k(b))).collect();
            let mut one = g.clone();
            let mut expected = Ok(());
            for &(a, b) in &edges {
                if let Err(e) = check_new_dependency(&one, a, b) {
                    expected = Err(e);
                    break;
                }
                one.entry(a).or_default().push(b);
            }
            prop_assert_eq!(check_new_dependencies(&g, &edges), expected);
        }

        /// The path found is the one the walk keeping whole paths found.
        #[test]
        fn finds_the_path_it_found_before(pairs in proptest::collection::vec((1i64..9, 1i64..9), 0..40), a in 1i64..9, b in 1i64..9) {
            let mut g: HashMap<Key, Vec<Key>> = HashMap::new();
            for (x, y) in pairs {
                g.entry(k(x)).or_default().push(k(y));
            }
            prop_assert_eq!(path_between(&g, k(a), k(b)), path_before(&g, k(a), k(b)));
        }

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
