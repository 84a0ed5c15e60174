//! The reverse spinner dictionary: for a spun word or phrase, the originals it may stand for.
//!
//! A context-blind spinner swaps a word for one of its thesaurus synonyms, so the candidates for
//! restoring a word are its own synonyms, read in reverse. Three sources feed one structure:
//! - thesaurus groups (WordNet 3.0 synsets, inflected): every member is a candidate for every
//!   other member of its group;
//! - signature pairs (`dictionaries/signatures.tsv`, `numbers.tsv`): replacements observed in
//!   spinner output that a thesaurus lacks ("12 months" -> "year");
//! - user pairs (`--dictionary FILE`);
//! - reverse Moby Thesaurus candidates (`dictionaries/moby_reverse.tsv.gz`), a wider and
//!   looser thesaurus, added by [`Dictionary::add_moby`] to a second copy that only the
//!   restoration of documents judged spun uses.
//!
//! Phrases are split with the shared tokenizer, so a dictionary phrase matches exactly the words
//! the tokenizer finds in a document, and are indexed by their first word's hash.

use super::data;
use super::lm::{LanguageModel, OOV};
use crate::text::hashed_word_indices;
#[cfg(test)]
use crate::text::word_hash;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Where a candidate original came from; signatures and user pairs are stronger evidence of
/// spinning than a thesaurus synonym.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Thesaurus,
    Signature,
    User,
    /// A restoration-only pair (`dictionaries/restoration.tsv`): the phrase-table spinner's
    /// outputs that are common honest English; used only where `restore::Params` allows them.
    Restoration,
    /// A reverse Moby Thesaurus candidate: used only where `restore::Params::moby` allows, and
    /// judged like a thesaurus synonym.
    Moby,
    /// Only a space put back inside a glued token ("Ouncessaid" -> "Ounces said").
    Glue,
    /// Read off the spun text's source, aligned word by word (`unspin --source`).
    Aligned,
}

/// A dictionary phrase: its text and, per word, the normalised hash and the model's id.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    pub hashes: Vec<u64>,
    pub ids: Vec<u32>,
    /// ln P of the phrase on its own under the language model.
    pub logp: f32,
}

/// Candidate originals indexed by spun phrase.
#[derive(Clone, Default)]
pub struct Dictionary {
    phrases: Vec<Phrase>,
    by_text: FxHashMap<String, u32>,
    /// First-word hash -> phrases that may be spun forms.
    by_first: FxHashMap<u64, Vec<Start>>,
    /// Per phrase (these three are indexed by phrase id): listed in `by_first` already (a
    /// phrase has one first word, so a flag replaces a search of the list).
    indexed: Vec<bool>,
    /// Per phrase: the groups it belongs to.
    member_of: Vec<Vec<u32>>,
    /// Per phrase: the originals of its pairs.
    pairs: Vec<Vec<(u32, Source)>>,
    groups: Vec<Vec<u32>>,
}

/// A phrase listed under its first word, with what rules most non-matches out without
/// reading the phrase itself: its length and its second word.
#[derive(Debug, Clone, Copy)]
pub struct Start {
    pub phrase: u32,
    pub words: u32,
    /// The second word's hash (0 for a one-word phrase).
    pub second: u64,
}

impl Source {
    /// A thesaurus link (WordNet or Moby): weak evidence, judged with the thesaurus filters
    /// and cost.
    pub fn is_thesaurus(self) -> bool {
        matches!(self, Source::Thesaurus | Source::Moby)
    }
}

impl Dictionary {
    /// The embedded dictionary: WordNet groups, signatures, number words, and the
    /// restoration-only pairs (phrase-table spinner outputs that are common honest English,
    /// "within the", "each", "the place": they take no part in the verdict and restore only a
    /// document judged spun, where the language model must still prefer them in context).
    pub fn embedded(lm: &LanguageModel) -> Self {
        Self::embedded_from(lm, &data::gunzip(data::SYNSETS_GZ))
    }

    /// [`embedded`](Self::embedded) with the synonym groups' text given (`synsets.tsv.gz`
    /// decompressed). Phrases score with `lm` as they are added: given a vocabulary-only model
    /// (`LanguageModel::vocabulary`), call [`rescore`](Self::rescore) with the full one after.
    pub fn embedded_from(lm: &LanguageModel, synsets: &str) -> Self {
        let mut dict = Dictionary::default();
        let mut members = Vec::new();
        for line in data::lines(synsets) {
            members.clear();
            members.extend(line.split('\t').filter(|m| !m.is_empty()));
            dict.add_group(lm, &members);
        }
        for (spun, original) in
            data::tsv_rows(data::SIGNATURES).chain(data::tsv_rows(data::NUMBERS))
        {
            dict.add_pair(lm, spun, original, Source::Signature);
        }
        for (spun, original) in data::tsv_rows(data::RESTORATION) {
            dict.add_pair(lm, spun, original, Source::Restoration);
        }
        dict
    }

    /// Adds the reverse Moby Thesaurus candidates: each line of `moby_reverse.tsv.gz` is a spun
    /// word and the roots that list it as a synonym.
    pub fn add_moby(&mut self, lm: &LanguageModel) {
        for line in data::lines(&data::gunzip(data::MOBY_REVERSE_GZ)) {
            let mut fields = line.split('\t');
            let Some(spun) = fields.next() else { continue };
            for original in fields {
                self.add_pair(lm, spun, original, Source::Moby);
            }
        }
    }

    fn intern(&mut self, lm: &LanguageModel, text: &str) -> Option<u32> {
        let text = text.trim();
        if let Some(&i) = self.by_text.get(text) {
            return Some(i);
        }
        let (mut hashes, mut ids) = (Vec::new(), Vec::new());
        for (_, word, hash) in hashed_word_indices(text) {
            hashes.push(hash);
            ids.push(lm.id_of_word(word, hash));
        }
        if hashes.is_empty() {
            return None;
        }
        let logp = lm.phrase(&ids);
        let i = self.phrases.len() as u32;
        self.indexed.push(false);
        self.member_of.push(Vec::new());
        self.pairs.push(Vec::new());
        self.phrases.push(Phrase {
            text: text.to_string(),
            hashes,
            ids,
            logp,
        });
        self.by_text.insert(text.to_string(), i);
        Some(i)
    }

    fn index_spun(&mut self, p: u32) {
        if std::mem::replace(&mut self.indexed[p as usize], true) {
            return;
        }
        let hashes = &self.phrases[p as usize].hashes;
        let start = Start {
            phrase: p,
            words: hashes.len() as u32,
            second: hashes.get(1).copied().unwrap_or(0),
        };
        self.by_first.entry(hashes[0]).or_default().push(start);
    }

    /// Adds a thesaurus group: each member may restore to each other member.
    pub fn add_group(&mut self, lm: &LanguageModel, members: &[&str]) {
        let ids: Vec<u32> = members.iter().filter_map(|m| self.intern(lm, m)).collect();
        if ids.len() < 2 {
            return;
        }
        let g = self.groups.len() as u32;
        for &p in &ids {
            self.member_of[p as usize].push(g);
            self.index_spun(p);
        }
        self.groups.push(ids);
    }

    /// Adds one `spun -> original` pair.
    pub fn add_pair(&mut self, lm: &LanguageModel, spun: &str, original: &str, source: Source) {
        let (Some(s), Some(o)) = (self.intern(lm, spun), self.intern(lm, original)) else {
            return;
        };
        if s == o {
            return;
        }
        let list = &mut self.pairs[s as usize];
        if !list.iter().any(|&(x, _)| x == o) {
            list.push((o, source));
        }
        self.index_spun(s);
    }

    /// Scores every phrase on its own again (`Phrase::logp`) with `lm`, a model with the same
    /// vocabulary as the one the phrases were added with.
    pub fn rescore(&mut self, lm: &LanguageModel) {
        for phrase in &mut self.phrases {
            phrase.logp = lm.phrase(&phrase.ids);
        }
    }

    pub fn phrase(&self, p: u32) -> &Phrase {
        &self.phrases[p as usize]
    }

    /// Phrases whose first word has this hash and that may be spun forms.
    pub fn starting_with(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        self.starts(hash).iter().map(|s| s.phrase)
    }

    /// [`starting_with`](Self::starting_with), each phrase with its length and second word.
    pub fn starts(&self, hash: u64) -> &[Start] {
        self.by_first.get(&hash).map_or(&[], Vec::as_slice)
    }

    /// Calls `f(original, source)` for each candidate original of spun phrase `p`: pairs, then
    /// thesaurus groups, then Moby candidates (so that an original found in several sources
    /// is first offered by the stronger one).
    pub fn for_each_original(&self, p: u32, f: impl FnMut(u32, Source)) {
        self.for_each_original_if(p, true, f);
    }

    /// [`Self::for_each_original`], leaving out the thesaurus candidates (WordNet and Moby)
    /// unless `thesaurus`: a caller that would turn them all down (for a name, a very common
    /// word) need not walk a common word's many synonym groups.
    pub fn for_each_original_if(&self, p: u32, thesaurus: bool, mut f: impl FnMut(u32, Source)) {
        let pairs = self.pairs[p as usize].as_slice();
        for &(o, s) in pairs.iter().filter(|(_, s)| *s != Source::Moby) {
            f(o, s);
        }
        if !thesaurus {
            return;
        }
        for &g in &self.member_of[p as usize] {
            for &o in &self.groups[g as usize] {
                if o != p {
                    f(o, Source::Thesaurus);
                }
            }
        }
        for &(o, s) in pairs.iter().filter(|(_, s)| *s == Source::Moby) {
            f(o, s);
        }
    }

    /// True when the phrase is the spun side of a signature or user pair (restoration-only
    /// pairs and Moby candidates do not count: they are common honest English).
    pub fn has_pairs(&self, p: u32) -> bool {
        self.pairs[p as usize]
            .iter()
            .any(|&(_, s)| s != Source::Restoration && s != Source::Moby)
    }

    /// True when every word of the phrase is known to the language model.
    pub fn scorable(&self, p: u32) -> bool {
        self.phrases[p as usize].ids.iter().all(|&i| i != OOV)
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_pairs_give_candidates() {
        let lm =
            LanguageModel::from_tsv("law\t9\nlegislation\t3\nhouse\t9\nhome\t8\nyear\t9\n", "");
        let mut d = Dictionary::default();
        d.add_group(&lm, &["house", "home"]);
        d.add_pair(&lm, "12 months", "year", Source::Signature);
        d.add_pair(&lm, "legislation", "law", Source::User);
        let home = d.starts(word_hash("home"))[0].phrase;
        let mut got = vec![];
        d.for_each_original(home, |o, s| got.push((d.phrase(o).text.clone(), s)));
        assert_eq!(got, [("house".to_string(), Source::Thesaurus)]);
        let twelve = d.starts(word_hash("12"))[0].phrase;
        assert_eq!(d.phrase(twelve).hashes.len(), 2);
        let mut got = vec![];
        d.for_each_original(twelve, |o, _| got.push(d.phrase(o).text.clone()));
        assert_eq!(got, ["year"]);
        assert!(!d.scorable(twelve));
    }

    #[test]
    fn moby_candidates_come_last_and_are_not_signatures() {
        let lm = LanguageModel::from_tsv("oration\t3\nspeech\t9\naddress\t8\n", "");
        let mut d = Dictionary::default();
        d.add_pair(&lm, "oration", "speech", Source::Moby);
        d.add_pair(&lm, "oration", "address", Source::Moby);
        d.add_group(&lm, &["oration", "address"]);
        let oration = d.starts(word_hash("oration"))[0].phrase;
        let mut got = vec![];
        d.for_each_original(oration, |o, s| got.push((d.phrase(o).text.clone(), s)));
        assert_eq!(
            got,
            [
                ("address".to_string(), Source::Thesaurus),
                ("speech".to_string(), Source::Moby),
                ("address".to_string(), Source::Moby),
            ]
        );
        assert!(!d.has_pairs(oration));
        assert!(Source::Moby.is_thesaurus() && !Source::Signature.is_thesaurus());
    }

    #[test]
    fn embedded_moby_candidates_restore_thesaurus_spun_words() {
        let lm = LanguageModel::embedded();
        let mut d = Dictionary::default();
        d.add_moby(&lm);
        let candidates = |spun: &str| {
            let p = d.starts(word_hash(spun))[0].phrase;
            let mut got = vec![];
            d.for_each_original(p, |o, _| got.push(d.phrase(o).text.clone()));
            got
        };
        assert!(candidates("oration").contains(&"speech".to_string()));
        assert!(candidates("legislation").contains(&"law".to_string()));
        assert!(candidates("orations").contains(&"speeches".to_string()));
    }
}
