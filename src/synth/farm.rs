//! A synthetic content farm: a spinner table the project does not ship, made with a seed from
//! the embedded thesauri, applied to article-sized pieces of real text, with the truth kept.
//!
//! A real farm scrapes articles, runs every one through the same spinner and publishes them
//! among honest pages; some of the scraped sources may sit in the same corpus. This module
//! makes one the way the issue "Learn a content farm's spinner" asks, to measure learning a
//! spinner from its output (`spin::farm`) and restoring with what was learned:
//! 1. the sources are cut into *articles* at sentence ends (`article_words` each, a SOTU
//!    address gives several), shuffled with the seed and dealt out, disjointly, to the farm,
//!    the honest documents of the corpus, the held-out articles (spun by the same spinner, not
//!    in the corpus: restoration is measured on them) and the held-out honest articles (not
//!    spun, not in the corpus: changes made to them are mistakes);
//! 2. the *true table*: the source words, most frequent first, each taken with even odds
//!    while the table is short of `table_size`; a content word (no function word, letters
//!    only, 3 letters or more) with a thesaurus synonym gets one, chosen at random from its
//!    WordNet group members or from the Moby Thesaurus words that list it (a coin decides
//!    which thesaurus first);
//! 3. every farm and held-out article is spun with the table ([`super::spinner::spin`],
//!    context-blind, case kept) at its own share of words, drawn evenly from `shares`; the
//!    share is turned into the spinner's rate over the words the table knows
//!    ([`rate_for_share`]);
//! 4. a `source_share` of the farm's articles also have their source in the corpus.
//!
//! The same sources and config give the same farm.

use crate::align::immutable::is_function_word;
use crate::corpus::Document;
use crate::spin::data;
use crate::synth::rng::Rng;
use crate::synth::spinner::{SpinConfig, SpinTable, eligible_words, rate_for_share, spin};
use crate::text::{normalize_word, word_hash, word_indices, word_key};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unicode_segmentation::UnicodeSegmentation;

/// What farm to make.
#[derive(Debug, Clone, PartialEq)]
pub struct FarmConfig {
    pub seed: u64,
    /// Spun articles in the corpus.
    pub docs: usize,
    /// Honest articles in the corpus.
    pub honest: usize,
    /// Held-out articles spun by the same spinner (not in the corpus).
    pub heldout: usize,
    /// Held-out honest articles (not in the corpus, not spun).
    pub heldout_honest: usize,
    /// Entries of the true table.
    pub table_size: usize,
    /// Lowest and highest share of an article's words spun.
    pub shares: (f64, f64),
    /// Share of the farm's articles whose source is in the corpus too.
    pub source_share: f64,
    /// Fewest words of an article (a source shorter than this is one article).
    pub article_words: usize,
}

impl Default for FarmConfig {
    fn default() -> Self {
        FarmConfig {
            seed: 0,
            docs: 200,
            honest: 200,
            heldout: 50,
            heldout_honest: 50,
            table_size: 2000,
            shares: (0.05, 0.5),
            source_share: 0.0,
            article_words: 700,
        }
    }
}

/// One held-out article: its text before and after spinning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldOut {
    pub id: String,
    pub original: String,
    pub spun: String,
}

/// A farm made by [`build_farm`].
#[derive(Debug, Clone)]
pub struct Farm {
    /// `(original, replacement)`, sorted: the spinner's true table.
    pub table: Vec<(String, String)>,
    /// The corpus to scan: farm articles, honest articles and the sources present, shuffled.
    pub corpus: Vec<Document>,
    /// Per farm article: its id, the share of its words spun, and its source's id when the
    /// source is in the corpus.
    pub farm: Vec<(String, f64, Option<String>)>,
    /// How often each `(original, replacement)` was applied in the farm's articles.
    pub applied: BTreeMap<(String, String), usize>,
    pub heldout: Vec<HeldOut>,
    /// Held-out honest articles (`original` and `spun` the same text).
    pub heldout_honest: Vec<HeldOut>,
}

/// Cuts `text` into articles of at least `min_words` words at sentence ends (the last piece
/// joins the one before when shorter than half of that).
pub fn articles(text: &str, min_words: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    for sentence in text.split_sentence_bounds() {
        current.push_str(sentence);
        words += word_indices(sentence).count();
        if words >= min_words {
            out.push(std::mem::take(&mut current).trim().to_string());
            words = 0;
        }
    }
    let rest = current.trim();
    if !rest.is_empty() {
        match out.last_mut() {
            Some(last) if words < min_words / 2 => {
                last.push(' ');
                last.push_str(rest);
            }
            _ => out.push(rest.to_string()),
        }
    }
    out
}

/// Synonyms per word from the embedded thesauri: WordNet group members and the Moby words
/// that list it (one-word entries of letters only, lower case), each list sorted.
fn thesaurus() -> (HashMap<String, Vec<String>>, HashMap<String, Vec<String>>) {
    let plain = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase());
    let mut wordnet: HashMap<String, BTreeSet<String>> = HashMap::new();
    for line in data::lines(&data::gunzip(data::SYNSETS_GZ)) {
        let members: Vec<&str> = line.split('\t').filter(|m| plain(m)).collect();
        for &a in &members {
            for &b in &members {
                if a != b {
                    wordnet
                        .entry(a.to_string())
                        .or_default()
                        .insert(b.to_string());
                }
            }
        }
    }
    // moby_reverse lines are `spun<TAB>root...`: the root lists the spun word as a synonym
    let mut moby: HashMap<String, BTreeSet<String>> = HashMap::new();
    for line in data::lines(&data::gunzip(data::MOBY_REVERSE_GZ)) {
        let mut fields = line.split('\t');
        let Some(spun) = fields.next().filter(|s| plain(s)) else {
            continue;
        };
        for root in fields.filter(|r| plain(r) && *r != spun) {
            moby.entry(root.to_string())
                .or_default()
                .insert(spun.to_string());
        }
    }
    let lists = |m: HashMap<String, BTreeSet<String>>| {
        m.into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect()
    };
    (lists(wordnet), lists(moby))
}

/// The true table drawn from the words of `texts` (see the module doc, step 2).
pub fn draw_table(texts: &[&str], size: usize, seed: u64) -> SpinTable {
    let mut freq: HashMap<String, usize> = HashMap::new();
    for text in texts {
        for (_, w) in word_indices(text) {
            let w = normalize_word(w);
            if w.len() >= 3
                && w.chars().all(|c| c.is_ascii_lowercase())
                && !is_function_word(word_key(word_hash(&w)))
            {
                *freq.entry(w).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = freq.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let (wordnet, moby) = thesaurus();
    let mut rng = Rng::derive(seed, "farm table");
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (word, _) in words {
        if pairs.len() >= size {
            break;
        }
        if !rng.chance(0.5) {
            continue;
        }
        let (first, second) = if rng.chance(0.5) {
            (&wordnet, &moby)
        } else {
            (&moby, &wordnet)
        };
        let Some(choices) = first
            .get(&word)
            .filter(|c| !c.is_empty())
            .or_else(|| second.get(&word).filter(|c| !c.is_empty()))
        else {
            continue;
        };
        let pick = choices[rng.below(choices.len())].clone();
        pairs.push((word, pick));
    }
    SpinTable::from_pairs(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())))
}

/// Spins one article at a share drawn from `shares`; returns the text, the share of its words
/// actually spun and the pairs applied.
fn spin_article(
    text: &str,
    table: &SpinTable,
    shares: (f64, f64),
    rng: &mut Rng,
) -> (String, f64, Vec<(String, String)>) {
    let share = shares.0 + (shares.1 - shares.0) * rng.next_f64();
    let (words, eligible) = eligible_words(text, table);
    let cfg = SpinConfig {
        rate: rate_for_share(share, words, eligible),
        seed: rng.next_u64(),
    };
    let spun = spin(text, table, &cfg);
    let pairs = spun
        .edits
        .iter()
        .map(|e| (e.original.to_lowercase(), e.spun.to_lowercase()))
        .collect();
    let made = spun.edits.len() as f64 / words.max(1) as f64;
    (spun.text, made, pairs)
}

/// Makes a farm from `sources` (see the module doc). Fewer articles than asked for are made
/// when the sources run short: held-out articles first, then the farm, then honest ones.
pub fn build_farm(sources: &[Document], cfg: &FarmConfig) -> Farm {
    let mut pieces: Vec<String> = sources
        .iter()
        .flat_map(|d| articles(&d.text, cfg.article_words))
        .collect();
    let mut rng = Rng::derive(cfg.seed, "farm");
    rng.shuffle(&mut pieces);
    let texts: Vec<&str> = pieces.iter().map(String::as_str).collect();
    let table = draw_table(&texts, cfg.table_size, cfg.seed);
    let mut pieces = pieces.into_iter();
    let mut take = |n: usize| -> Vec<String> { pieces.by_ref().take(n).collect() };
    let (heldout_src, honest_src) = (take(cfg.heldout), take(cfg.heldout_honest));
    let (farm_src, corpus_honest) = (take(cfg.docs), take(cfg.honest));

    let mut spin_rng = Rng::derive(cfg.seed, "farm spins");
    let heldout = heldout_src
        .into_iter()
        .enumerate()
        .map(|(i, original)| {
            let (spun, _, _) = spin_article(&original, &table, cfg.shares, &mut spin_rng);
            HeldOut {
                id: format!("heldout-{:05}", i + 1),
                original,
                spun,
            }
        })
        .collect();
    let heldout_honest = honest_src
        .into_iter()
        .enumerate()
        .map(|(i, text)| HeldOut {
            id: format!("honest-heldout-{:05}", i + 1),
            original: text.clone(),
            spun: text,
        })
        .collect();
    let mut corpus = Vec::new();
    let mut farm = Vec::new();
    let mut applied: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut source_rng = Rng::derive(cfg.seed, "farm sources");
    for (i, original) in farm_src.into_iter().enumerate() {
        let id = format!("farm-{:05}", i + 1);
        let (spun, share, pairs) = spin_article(&original, &table, cfg.shares, &mut spin_rng);
        for pair in pairs {
            *applied.entry(pair).or_default() += 1;
        }
        let source = source_rng.chance(cfg.source_share).then(|| {
            let source_id = format!("source-{:05}", i + 1);
            corpus.push(Document::new(source_id.clone(), original));
            source_id
        });
        corpus.push(Document::new(id.clone(), spun));
        farm.push((id, share, source));
    }
    for (i, text) in corpus_honest.into_iter().enumerate() {
        corpus.push(Document::new(format!("honest-{:05}", i + 1), text));
    }
    rng.shuffle(&mut corpus);
    let mut table_pairs: Vec<(String, String)> = table
        .pairs()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    table_pairs.sort();
    Farm {
        table: table_pairs,
        corpus,
        farm,
        applied,
        heldout,
        heldout_honest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_cut_at_sentence_ends() {
        let text = "One two three. Four five six. Seven eight. Nine.";
        let a = articles(text, 3);
        assert_eq!(
            a,
            vec!["One two three.", "Four five six.", "Seven eight. Nine."]
        );
        assert_eq!(articles("", 3), Vec::<String>::new());
    }

    #[test]
    fn a_farm_is_seeded_and_disjoint() {
        let text =
            "The government said the nation must build strong roads and bridges. ".repeat(400);
        let sources: Vec<Document> = (0..4)
            .map(|i| Document::new(format!("s{i}"), text.clone()))
            .collect();
        let cfg = FarmConfig {
            docs: 6,
            honest: 3,
            heldout: 2,
            heldout_honest: 2,
            table_size: 5,
            source_share: 0.5,
            article_words: 300,
            ..FarmConfig::default()
        };
        let a = build_farm(&sources, &cfg);
        let b = build_farm(&sources, &cfg);
        assert_eq!(a.table, b.table);
        assert_eq!(a.corpus.len(), b.corpus.len());
        assert!(a.table.len() <= 5 && !a.table.is_empty(), "{:?}", a.table);
        assert!(a.table.iter().all(|(o, s)| o != s));
        assert_eq!(a.farm.len(), 6);
        assert_eq!(a.heldout.len(), 2);
        let sources_in = a.farm.iter().filter(|f| f.2.is_some()).count();
        assert_eq!(a.corpus.len(), 6 + 3 + sources_in);
        assert!(a.heldout.iter().all(|h| h.original != h.spun));
        assert!(!a.applied.is_empty());
    }
}
