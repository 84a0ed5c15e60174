//! Whether two words or phrases are synonyms a spinner could swap: the thesaurus links the copy
//! verdict (`dedup::judge`) asks about every substitution of a pair.
//!
//! The restoration [`Dictionary`](super::dictionary::Dictionary) answers the same question, but
//! it is built for restoring (every phrase interned with the language model's ids and scored),
//! and building it with the Moby candidates took 0.25 s, longer than the whole scan of a 19 MB
//! corpus. The verdict only needs membership, so this index keeps phrase keys alone: each
//! phrase of the WordNet groups with the groups it belongs to, the `spun -> original` pairs of
//! the reverse Moby thesaurus, and the signatures, number words and restoration-only pairs.
//! `build.rs` compiles them into sorted arrays that the binary reads in place
//! (`synonym_table.rs`): nothing is built at run time.

use super::data;
use super::synonym_table::SynonymTable;
pub use super::synonym_table::phrase_key;
use once_cell::sync::Lazy;

/// How two phrases are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// A thesaurus (WordNet group, Moby) or a restoration-only pair links them.
    Thesaurus,
    /// A signature pair (a replacement only spinners make) or a number word.
    Signature,
}

impl Link {
    /// The strength `build.rs` gives each pair table's links (`synonym_table.rs`).
    pub const fn strength(self) -> u32 {
        match self {
            Link::Thesaurus => 0,
            Link::Signature => 1,
        }
    }

    fn of_strength(strength: u32) -> Link {
        if strength >= Link::Signature.strength() {
            Link::Signature
        } else {
            Link::Thesaurus
        }
    }
}

/// The synonym index (see the module doc).
#[derive(Debug)]
pub struct Synonyms {
    table: SynonymTable<'static>,
}

static SYNONYMS: Lazy<Synonyms> = Lazy::new(Synonyms::embedded);

/// The embedded index, read on first use.
pub fn synonyms() -> &'static Synonyms {
    &SYNONYMS
}

/// The pair tables and the strength of their links, as `build.rs` compiles them.
pub const PAIR_TABLES: [(&str, Link); 3] = [
    (data::SIGNATURES, Link::Signature),
    (data::NUMBERS, Link::Signature),
    (data::RESTORATION, Link::Thesaurus),
];

impl Synonyms {
    /// The index `build.rs` embeds.
    pub fn embedded() -> Synonyms {
        Synonyms {
            table: SynonymTable::from_bytes(data::SYNONYM_TABLE)
                .expect("the embedded synonym table is well formed (a build defect otherwise)"),
        }
    }

    /// The index of the data files' texts, built at run time (tests compare it with the
    /// embedded one).
    pub fn from_texts(synsets: &str, moby_reverse: &str) -> Synonyms {
        let tables = PAIR_TABLES.map(|(text, link)| (text, link.strength()));
        Synonyms {
            table: SynonymTable::build(synsets, moby_reverse, &tables),
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
        self.table.share_a_group(ka, kb).then_some(Link::Thesaurus)
    }

    /// [`link`](Self::link)`(a, b)`, with [`is_signature`](Self::is_signature)`(a, b)` and
    /// `(b, a)`: the three read off one lookup of each way round (the copy verdict asks all
    /// three of a substitution, and each lookup is two binary searches of large tables).
    pub fn link_and_signatures(&self, a: &str, b: &str) -> (Option<Link>, bool, bool) {
        let (ka, kb) = (phrase_key(a), phrase_key(b));
        let (ab, ba) = (self.pair(ka, kb), self.pair(kb, ka));
        let link = match ab.max(ba) {
            Some(paired) => Some(paired),
            None => self.table.share_a_group(ka, kb).then_some(Link::Thesaurus),
        };
        let signature = Some(Link::Signature);
        (link, ab == signature, ba == signature)
    }

    /// Whether `spun -> original` is a signature pair (a spinner's replacement, in that
    /// direction).
    pub fn is_signature(&self, spun: &str, original: &str) -> bool {
        self.pair(phrase_key(spun), phrase_key(original)) == Some(Link::Signature)
    }

    fn pair(&self, spun: u64, original: u64) -> Option<Link> {
        let listed = self.table.listed(spun, original).map(Link::of_strength);
        let moby = self.table.moby(spun, original).then_some(Link::Thesaurus);
        listed.max(moby)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spin::synonym_table::{entry_key as key, normalised};

    /// The index `build.rs` embedded is the one the data files give now.
    #[test]
    fn the_embedded_index_is_the_data_files() {
        let built = Synonyms::from_texts(
            &data::gunzip(data::SYNSETS_GZ),
            &data::gunzip(data::MOBY_REVERSE_GZ),
        );
        assert!(built.table == synonyms().table);
        assert!(built.table.to_bytes() == data::SYNONYM_TABLE);
    }

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
    fn link_and_signatures_read_as_the_three_lookups() {
        let s = synonyms();
        let mut phrases = vec!["law", "jurisprudence", "teacup", "violin", "law-abiding"];
        // signature pairs (either way round) and Moby pairs, as the tables hold them
        let signatures: Vec<(String, String)> = data::tsv_rows(data::SIGNATURES)
            .take(20)
            .map(|(a, b)| (normalised(a), normalised(b)))
            .collect();
        let moby = data::gunzip(data::MOBY_REVERSE_GZ);
        let moby: Vec<(&str, &str)> = data::lines(&moby)
            .take(20)
            .filter_map(|line| line.split_once('\t'))
            .map(|(a, rest)| (a, rest.split('\t').next().unwrap_or(rest)))
            .collect();
        phrases.extend(
            signatures
                .iter()
                .flat_map(|(a, b)| [a.as_str(), b.as_str()]),
        );
        phrases.extend(moby.iter().flat_map(|&(a, b)| [a, b]));
        let mut signature_pairs = 0;
        for &a in &phrases {
            for &b in &phrases {
                let got = s.link_and_signatures(a, b);
                let want = (s.link(a, b), s.is_signature(a, b), s.is_signature(b, a));
                assert_eq!(got, want, "{a} / {b}");
                signature_pairs += usize::from(got.1);
            }
        }
        assert!(signature_pairs >= signatures.len(), "{signature_pairs}");
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
