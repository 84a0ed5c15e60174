//! The thesaurus index of `synonyms.rs` as sorted arrays of phrase keys, and their byte form.
//!
//! Hashing the thesaurus text (150,000 WordNet group members, 800,000 reverse-Moby originals)
//! into hash maps took 0.05 s on two threads, paid by every scan that met a pair with
//! substitutions. So `build.rs` builds these arrays once, at compile time (it includes this
//! file: plain `std`, `xxhash-rust`, `packed.rs` and `text/normal.rs`), and the binary reads
//! them in place (`packed.rs`). Lookups are binary searches.
//!
//! A phrase's key is the xxh3 hash of its words as the tokenizer normalises them, joined by one
//! space (a hyphen separates words, as the tokenizer splits there too): [`phrase_key`] of the
//! text, [`entry_key`] of a data file's entry.

use super::normal::normalize_word;
use super::packed::{Reader, Writer};
use std::borrow::Cow;
use xxhash_rust::xxh3::xxh3_64;

/// The key of a phrase already normalised: its words, lower case, one space apart.
pub fn phrase_key(phrase: &str) -> u64 {
    xxh3_64(phrase.as_bytes())
}

/// A data file's entry in the form of [`phrase_key`]'s input, normalising each word with
/// the tokenizer's `normalize_word`.
pub fn normalised(entry: &str) -> String {
    let mut out = String::with_capacity(entry.len());
    for word in entry.split([' ', '-']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&normalize_word(word));
    }
    out
}

/// The key of a data file's entry.
pub fn entry_key(entry: &str) -> u64 {
    // nearly every entry is lower-case words one space apart already: hashed as it is
    let plain = entry
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ' || b == b'\'')
        && !entry.starts_with(' ')
        && !entry.ends_with(' ')
        && !entry.contains("  ");
    if plain {
        phrase_key(entry)
    } else {
        phrase_key(&normalised(entry))
    }
}

/// The index's arrays (see the module doc), owned or read in place.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SynonymTable<'a> {
    /// The WordNet groups' members, sorted, each once.
    member_keys: Cow<'a, [u64]>,
    /// The groups of member `i` are `group_ids[member_start[i]..member_start[i + 1]]`.
    member_start: Cow<'a, [u32]>,
    group_ids: Cow<'a, [u32]>,
    /// Reverse Moby's spun phrases, sorted; the originals of spun phrase `i` are
    /// `originals[moby_start[i]..moby_start[i + 1]]`, sorted.
    moby_keys: Cow<'a, [u64]>,
    moby_start: Cow<'a, [u32]>,
    originals: Cow<'a, [u64]>,
    /// The listed pairs, sorted, as `spun, original` keys one after the other, with the
    /// strength of each pair's link alongside.
    pair_keys: Cow<'a, [u64]>,
    pair_strength: Cow<'a, [u32]>,
}

/// Magic and version at the start of [`SynonymTable::to_bytes`]'s output.
const MAGIC: &[u8; 8] = b"CDSYN001";
const WHAT: &str = "synonym table";

impl SynonymTable<'static> {
    /// Builds the index from the data files' texts: `synsets` (one group a line,
    /// TAB-separated), `moby_reverse` (`spun<TAB>original...`; should a spun phrase be listed
    /// twice, its last line counts) and pair tables (`spun<TAB>original` rows, each table with
    /// the strength of its links; the strongest counts).
    pub fn build(synsets: &str, moby_reverse: &str, pair_tables: &[(&str, u32)]) -> Self {
        let mut members: Vec<(u64, u32)> = Vec::new();
        for (g, line) in synsets.lines().enumerate() {
            for member in line.split('\t').filter(|m| !m.is_empty()) {
                members.push((entry_key(member), g as u32));
            }
        }
        members.sort_unstable();
        members.dedup();
        let member_keys = distinct(members.iter().map(|m| m.0));
        let member_start = starts(&member_keys, members.iter().map(|m| m.0));

        // (spun key, line) for every line, the last line of a spun phrase kept
        let lines: Vec<&str> = moby_reverse.lines().collect();
        let mut spun: Vec<(u64, usize)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| Some((entry_key(line.split('\t').next()?), i)))
            .collect();
        spun.sort_unstable();
        let spun: Vec<(u64, usize)> = spun
            .chunk_by(|x, y| x.0 == y.0)
            .map(|run| run[run.len() - 1])
            .collect();
        let mut moby_start = vec![0u32];
        let mut originals = Vec::new();
        for &(_, i) in &spun {
            let start = originals.len();
            originals.extend(lines[i].split('\t').skip(1).map(entry_key));
            // sorted, for a binary search: a spun word can list hundreds of originals
            originals[start..].sort_unstable();
            moby_start.push(originals.len() as u32);
        }

        let mut pairs: Vec<((u64, u64), u32)> = Vec::new();
        for &(text, strength) in pair_tables {
            for row in text.lines() {
                if row.trim().is_empty() || row.starts_with('#') {
                    continue;
                }
                if let Some((s, o)) = row.split_once('\t') {
                    pairs.push(((entry_key(s), entry_key(o)), strength));
                }
            }
        }
        pairs.sort_unstable();
        let pairs: Vec<((u64, u64), u32)> = pairs
            .chunk_by(|x, y| x.0 == y.0)
            .map(|run| run[run.len() - 1])
            .collect();

        SynonymTable {
            member_keys: member_keys.into(),
            member_start: member_start.into(),
            group_ids: members.iter().map(|m| m.1).collect(),
            moby_keys: spun.iter().map(|s| s.0).collect(),
            moby_start: moby_start.into(),
            originals: originals.into(),
            pair_keys: pairs.iter().flat_map(|p| [p.0.0, p.0.1]).collect(),
            pair_strength: pairs.iter().map(|p| p.1).collect(),
        }
    }
}

impl<'a> SynonymTable<'a> {
    /// The strength of the listed pair `spun -> original`, when listed.
    pub fn listed(&self, spun: u64, original: u64) -> Option<u32> {
        let n = self.pair_strength.len();
        let key = |i: usize| (self.pair_keys[2 * i], self.pair_keys[2 * i + 1]);
        // binary search over pair indices (the keys are flattened two by two)
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if key(mid) < (spun, original) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < n && key(lo) == (spun, original)).then(|| self.pair_strength[lo])
    }

    /// Whether reverse Moby lists `original` as an original of `spun`.
    pub fn moby(&self, spun: u64, original: u64) -> bool {
        run_of(&self.moby_keys, &self.moby_start, spun)
            .is_some_and(|r| self.originals[r].binary_search(&original).is_ok())
    }

    /// Whether one WordNet group holds both phrases.
    pub fn share_a_group(&self, a: u64, b: u64) -> bool {
        let (Some(ra), Some(rb)) = (
            run_of(&self.member_keys, &self.member_start, a),
            run_of(&self.member_keys, &self.member_start, b),
        ) else {
            return false;
        };
        let gb = &self.group_ids[rb];
        self.group_ids[ra].iter().any(|g| gb.contains(g))
    }

    /// The index as bytes (`packed.rs`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC);
        w.u64s(self.member_keys.iter().copied());
        w.u32s(self.member_start.iter().copied());
        w.u32s(self.group_ids.iter().copied());
        w.u64s(self.moby_keys.iter().copied());
        w.u32s(self.moby_start.iter().copied());
        w.u64s(self.originals.iter().copied());
        w.u64s(self.pair_keys.iter().copied());
        w.u32s(self.pair_strength.iter().copied());
        w.out
    }

    /// Reads [`to_bytes`](Self::to_bytes)'s output, in place where it can. Only the arrays'
    /// lengths are checked: a damaged table makes lookups panic (every index is
    /// bounds-checked) or miss, never misbehave otherwise.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, String> {
        let mut r = Reader::new(bytes, MAGIC, WHAT)?;
        let table = SynonymTable {
            member_keys: r.u64s()?,
            member_start: r.u32s()?,
            group_ids: r.u32s()?,
            moby_keys: r.u64s()?,
            moby_start: r.u32s()?,
            originals: r.u64s()?,
            pair_keys: r.u64s()?,
            pair_strength: r.u32s()?,
        };
        r.finish()?;
        let ends = |starts: &[u32], keys: usize, len: usize| {
            starts.len() == keys + 1 && starts.last().map(|&e| e as usize) == Some(len)
        };
        let ok = ends(
            &table.member_start,
            table.member_keys.len(),
            table.group_ids.len(),
        ) && ends(
            &table.moby_start,
            table.moby_keys.len(),
            table.originals.len(),
        ) && table.pair_keys.len() == 2 * table.pair_strength.len();
        if ok {
            Ok(table)
        } else {
            Err(format!("inconsistent {WHAT} arrays"))
        }
    }
}

/// The sorted distinct values of a sorted sequence.
fn distinct(sorted: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for k in sorted {
        if out.last() != Some(&k) {
            out.push(k);
        }
    }
    out
}

/// Row starts over `keys` (sorted, distinct) of a sorted sequence of row keys.
fn starts(keys: &[u64], sorted_rows: impl Iterator<Item = u64>) -> Vec<u32> {
    let mut starts = vec![0u32; keys.len() + 1];
    let mut row = 0;
    for k in sorted_rows {
        while keys[row] != k {
            row += 1;
        }
        starts[row + 1] += 1;
    }
    for i in 0..keys.len() {
        starts[i + 1] += starts[i];
    }
    starts
}

/// The run of `key` in compressed-row arrays, when listed.
fn run_of(keys: &[u64], starts: &[u32], key: u64) -> Option<std::ops::Range<usize>> {
    let i = keys.binary_search(&key).ok()?;
    Some(starts[i] as usize..starts[i + 1] as usize)
}
