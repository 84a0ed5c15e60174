//! Whether two words or phrases are synonyms a spinner could swap: the thesaurus links the copy
//! verdict (`dedup::judge`) asks about every substitution of a pair.
//!
//! The restoration [`Dictionary`](super::dictionary::Dictionary) answers the same question, but
//! it is built for restoring (every phrase interned with the language model's ids and scored),
//! and building it with the Moby candidates took 0.25 s, longer than the whole scan of a 19 MB
//! corpus. The verdict only needs membership, so this index keeps hashes alone: each phrase of
//! the WordNet groups with the groups it belongs to, and the `spun -> original` pairs of the
//! reverse Moby thesaurus (each spun phrase with the range of its originals in one array), and
//! the signatures, number words and restoration-only pairs. The two large files are read on
//! two threads: about 0.05 s in all. Phrases are keyed by
//! their words as the tokenizer normalises them, joined by one space (a hyphen separates
//! words, as the tokenizer splits there too).

use super::data;
use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

/// How two phrases are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// A thesaurus (WordNet group, Moby) or a restoration-only pair links them.
    Thesaurus,
    /// A signature pair (a replacement only spinners make) or a number word.
    Signature,
}

/// The synonym index (see the module doc).
#[derive(Debug, Default)]
pub struct Synonyms {
    groups: FxHashMap<u64, Vec<u32>>,
    /// Reverse Moby: spun phrase -> the range of its originals in `originals`.
    moby: FxHashMap<u64, std::ops::Range<u32>>,
    originals: Vec<u64>,
    /// The signature, number and restoration-only pairs: (spun, original) -> link.
    pairs: FxHashMap<(u64, u64), Link>,
}

static SYNONYMS: Lazy<Synonyms> = Lazy::new(Synonyms::embedded);

/// The embedded index, built on first use.
pub fn synonyms() -> &'static Synonyms {
    &SYNONYMS
}

/// The key of a phrase: its words, lower case, one space apart.
pub fn phrase_key(phrase: &str) -> u64 {
    xxh3_64(phrase.as_bytes())
}

/// A data file's phrase in the form of [`phrase_key`]'s input.
fn normalised(entry: &str) -> String {
    let mut out = String::with_capacity(entry.len());
    for word in entry.split([' ', '-']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&crate::text::normalize_word(word));
    }
    out
}

fn key(entry: &str) -> u64 {
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

impl Synonyms {
    /// The index of the embedded data files.
    pub fn embedded() -> Synonyms {
        let (groups, (moby, originals)) = std::thread::scope(|s| {
            let moby = s.spawn(|| {
                let mut moby: FxHashMap<u64, std::ops::Range<u32>> = FxHashMap::default();
                let mut originals = Vec::new();
                for line in data::lines(&data::gunzip(data::MOBY_REVERSE_GZ)) {
                    let mut fields = line.split('\t');
                    let Some(spun) = fields.next() else { continue };
                    let start = originals.len() as u32;
                    originals.extend(fields.map(key));
                    moby.insert(key(spun), start..originals.len() as u32);
                }
                (moby, originals)
            });
            let mut groups: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
            for (g, line) in data::lines(&data::gunzip(data::SYNSETS_GZ)).enumerate() {
                for member in line.split('\t').filter(|m| !m.is_empty()) {
                    groups.entry(key(member)).or_default().push(g as u32);
                }
            }
            (groups, moby.join().expect("the Moby reader does not panic"))
        });
        let mut pairs: FxHashMap<(u64, u64), Link> = FxHashMap::default();
        for (text, link) in [
            (data::SIGNATURES, Link::Signature),
            (data::NUMBERS, Link::Signature),
            (data::RESTORATION, Link::Thesaurus),
        ] {
            for (s, o) in data::tsv_rows(text) {
                let entry = pairs.entry((key(s), key(o))).or_insert(link);
                *entry = (*entry).max(link);
            }
        }
        Synonyms {
            groups,
            moby,
            originals,
            pairs,
        }
    }

    /// The strongest link between two normalised phrases, either way round.
    pub fn link(&self, a: &str, b: &str) -> Option<Link> {
        let (ka, kb) = (phrase_key(a), phrase_key(b));
        let paired = [self.pair(ka, kb), self.pair(kb, ka)]
            .into_iter()
            .flatten()
            .max();
        if paired.is_some() {
            return paired;
        }
        let (ga, gb) = (self.groups.get(&ka)?, self.groups.get(&kb)?);
        ga.iter().any(|g| gb.contains(g)).then_some(Link::Thesaurus)
    }

    /// Whether `spun -> original` is a signature pair (a spinner's replacement, in that
    /// direction).
    pub fn is_signature(&self, spun: &str, original: &str) -> bool {
        self.pair(phrase_key(spun), phrase_key(original)) == Some(Link::Signature)
    }

    fn pair(&self, spun: u64, original: u64) -> Option<Link> {
        let listed = self.pairs.get(&(spun, original)).copied();
        let moby = self.moby.get(&spun).and_then(|r| {
            self.originals[r.start as usize..r.end as usize]
                .contains(&original)
                .then_some(Link::Thesaurus)
        });
        listed.max(moby)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thesaurus_signature_and_unrelated_pairs() {
        let s = synonyms();
        // WordNet groups, either way round
        assert_eq!(s.link("law", "jurisprudence"), Some(Link::Thesaurus));
        assert_eq!(s.link("jurisprudence", "law"), Some(Link::Thesaurus));
        // a spinner's replacement that no thesaurus holds
        let (spun, original) = data::tsv_rows(data::SIGNATURES).next().unwrap();
        let (spun, original) = (normalised(spun), normalised(original));
        assert_eq!(s.link(&spun, &original), Some(Link::Signature));
        assert!(s.is_signature(&spun, &original));
        assert!(!s.is_signature(&original, &spun));
        // Moby-only links count
        let line = data::lines(&data::gunzip(data::MOBY_REVERSE_GZ))
            .next()
            .unwrap()
            .to_string();
        let mut fields = line.split('\t');
        let (spun, original) = (fields.next().unwrap(), fields.next().unwrap());
        assert!(s.link(spun, original).is_some());
        assert_eq!(s.link("teacup", "violin"), None);
        assert_eq!(s.link("law", "law-abiding"), None);
    }

    #[test]
    fn entries_are_keyed_as_the_tokenizer_reads_text() {
        assert_eq!(normalised("law-abiding  Citizen"), "law abiding citizen");
        for entry in [
            "law abiding",
            "what's up",
            "Law",
            "law-abiding",
            " law",
            "law  abiding",
        ] {
            assert_eq!(key(entry), phrase_key(&normalised(entry)), "{entry}");
        }
        let words: Vec<String> = crate::text::word_indices("Law-abiding citizen")
            .map(|(_, w)| crate::text::normalize_word(w))
            .collect();
        assert_eq!(words.join(" "), normalised("law-abiding citizen"));
    }
}
