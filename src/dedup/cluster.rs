//! Clusters of near-duplicates (union-find over verified pairs) and the keep policy.
//!
//! Clusters are the connected components of the "is a near-duplicate of" graph. Each cluster
//! lists its members in corpus order and names one to keep; the rest are what `--write-unique`
//! leaves out.

/// Which member of a cluster is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepPolicy {
    /// The first in corpus order (sorted paths, then line order in JSONL).
    #[default]
    First,
    /// The longest text in bytes (ties: the first).
    Longest,
    /// The shortest text in bytes (ties: the first).
    Shortest,
}

impl KeepPolicy {
    /// Every policy, in the order the command line and the bindings list them.
    pub const ALL: [KeepPolicy; 3] = [KeepPolicy::First, KeepPolicy::Longest, KeepPolicy::Shortest];

    /// The policy's name on the command line and in the bindings (`first`, `longest`, ...).
    pub fn name(self) -> &'static str {
        match self {
            KeepPolicy::First => "first",
            KeepPolicy::Longest => "longest",
            KeepPolicy::Shortest => "shortest",
        }
    }

    /// One line saying what the policy keeps (the command line's help).
    pub fn about(self) -> &'static str {
        match self {
            KeepPolicy::First => {
                "The first in corpus order (sorted paths, then line order in JSONL)"
            }
            KeepPolicy::Longest => "The longest text in bytes (ties: the first)",
            KeepPolicy::Shortest => "The shortest text in bytes (ties: the first)",
        }
    }
}

impl std::str::FromStr for KeepPolicy {
    type Err = String;

    /// A policy by its [`KeepPolicy::name`]; the error lists the names.
    fn from_str(s: &str) -> Result<Self, String> {
        crate::options::by_name(s, &KeepPolicy::ALL, KeepPolicy::name, "keep policy")
    }
}

/// A cluster: member indices in corpus order and the index kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub members: Vec<u32>,
    pub keep: u32,
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // the smaller index becomes the root, so roots are deterministic
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }
}

/// The connected component of each of `n` items linked by `pairs`, as the smallest index in
/// it (so labels are deterministic).
pub fn component_labels(n: usize, pairs: &[(u32, u32)]) -> Vec<u32> {
    let mut uf = UnionFind::new(n);
    for &(a, b) in pairs {
        uf.union(a, b);
    }
    (0..n as u32).map(|x| uf.find(x)).collect()
}

/// Clusters of `n` documents linked by `pairs`, with sizes `lengths` for the keep policy.
/// Only clusters of two or more are returned, ordered by their first member.
pub fn clusters(
    n: usize,
    pairs: &[(u32, u32)],
    lengths: &[usize],
    keep: KeepPolicy,
) -> Vec<Cluster> {
    clusters_avoiding(n, pairs, lengths, keep, &[])
}

/// [`clusters`], where the keep policy chooses among the members not marked in `avoid` (spun
/// copies: a cluster keeps a source rather than its disguised copy) unless all are marked.
/// `avoid` may be shorter than `n` (the rest unmarked).
pub fn clusters_avoiding(
    n: usize,
    pairs: &[(u32, u32)],
    lengths: &[usize],
    keep: KeepPolicy,
    avoid: &[bool],
) -> Vec<Cluster> {
    clusters_of_labels(&component_labels(n, pairs), lengths, keep, avoid)
}

/// [`clusters_avoiding`] from the documents' component labels (each document's the smallest
/// document of its component, as [`component_labels`] gives them, or as found elsewhere, e.g.
/// by an iterative algorithm on Spark).
pub fn clusters_of_labels(
    labels: &[u32],
    lengths: &[usize],
    keep: KeepPolicy,
    avoid: &[bool],
) -> Vec<Cluster> {
    let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for (doc, &root) in labels.iter().enumerate() {
        groups.entry(root).or_default().push(doc as u32);
    }
    let avoided = |m: u32| avoid.get(m as usize).copied().unwrap_or(false);
    groups
        .into_values()
        .filter(|members| members.len() > 1)
        .map(|members| {
            let preferred: Vec<u32> = members.iter().copied().filter(|&m| !avoided(m)).collect();
            let eligible = if preferred.is_empty() {
                &members
            } else {
                &preferred
            };
            let keep = match keep {
                KeepPolicy::First => eligible[0],
                KeepPolicy::Longest => *eligible
                    .iter()
                    .rev()
                    .max_by_key(|&&m| lengths[m as usize])
                    .expect("non-empty"),
                KeepPolicy::Shortest => *eligible
                    .iter()
                    .min_by_key(|&&m| lengths[m as usize])
                    .expect("non-empty"),
            };
            Cluster { members, keep }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_keep_policies() {
        let pairs = [(0, 3), (3, 4), (1, 2)];
        let lengths = [10, 5, 50, 30, 30];
        let c = clusters(6, &pairs, &lengths, KeepPolicy::First);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].members, vec![0, 3, 4]);
        assert_eq!(c[0].keep, 0);
        assert_eq!(c[1].members, vec![1, 2]);
        let c = clusters(6, &pairs, &lengths, KeepPolicy::Longest);
        assert_eq!(c[0].keep, 3, "ties go to the first");
        assert_eq!(c[1].keep, 2);
        let c = clusters(6, &pairs, &lengths, KeepPolicy::Shortest);
        assert_eq!(c[0].keep, 0);
        assert_eq!(c[1].keep, 1);
    }

    #[test]
    fn avoided_members_are_kept_only_when_nothing_else_is_left() {
        let pairs = [(0, 3), (3, 4), (1, 2)];
        let lengths = [10, 5, 50, 30, 30];
        let avoid = [true, true, true, false, false];
        let c = clusters_avoiding(6, &pairs, &lengths, KeepPolicy::First, &avoid);
        assert_eq!((c[0].keep, c[1].keep), (3, 1));
        let c = clusters_avoiding(6, &pairs, &lengths, KeepPolicy::Shortest, &avoid);
        assert_eq!(
            c[0].keep, 3,
            "the shortest member not avoided, ties to the first"
        );
    }
}
