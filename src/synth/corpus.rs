//! The labelled corpus builder: real documents in, a corpus with known copies out.
//!
//! From real source documents and a seed it makes, in this order:
//! 1. boilerplate: a few fixed lines (our own wording) prepended or appended to a fraction of
//!    the sources, as site headers and footers are in scraped pages;
//! 2. passages: a run of whole sentences (30–150 words by default) of a *donor* source,
//!    inserted at a sentence start of a different *host* source, verbatim (`copy`) or spun
//!    (`spun`); each host receives one passage, and no donor is a host, so offsets stay valid;
//! 3. copies of other sources (*origins*): exact, edited (a rate of word substitutions,
//!    insertions and deletions) and spun with the evaluation spinner; then the copies at
//!    swept rates and the copies framed by new text (`contained`) of `super::sweep`.
//!
//! Hosts, donors and origins are disjoint, so the only copying in the output is the copying the
//! gold describes (apart from whatever the real sources already share, and copies of one
//! origin also being copies of each other). Sources that lend their sentences to the frames of
//! contained copies (*fillers*) are left out of the output. Each gold `duplicate` record
//! carries the share of words actually changed (`changed`, [`super::measure`]). Gold records ([`GoldRecord`]) use byte offsets into
//! the output texts and serialise to JSON Lines with [`Gold::write_jsonl`].

use crate::corpus::Document;
use crate::synth::edit::edit_words;
use crate::synth::measure::changed_share;
use crate::synth::rng::Rng;
use crate::synth::spinner::{SpinConfig, SpinTable, spin};
use crate::synth::sweep::{Made, OriginPool, make_copies};
use crate::text::word_indices;
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use unicode_segmentation::UnicodeSegmentation;

/// What to make, and the seed that makes it reproducible.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    pub seed: u64,
    /// Number of exact copies of origins.
    pub exact_copies: usize,
    /// Number of copies with word edits, and the fraction of words edited in each.
    pub edited_copies: usize,
    pub edit_rate: f64,
    /// Number of spun copies, and the spinner's rate for them and for spun passages.
    pub spun_copies: usize,
    pub spin_rate: f64,
    /// Number of verbatim and of spun passages reused in other documents.
    pub copy_passages: usize,
    pub spun_passages: usize,
    /// Passage length in words, inclusive bounds.
    pub passage_words: (usize, usize),
    /// Number of distinct boilerplate lines, and the fraction of sources each one is put into.
    pub boilerplate_lines: usize,
    pub boilerplate_fraction: f64,
    /// Rate sweeps: `per_rate` edited copies at each of `edit_rates` and `per_rate` spun
    /// copies at each of `spin_rates`, each rate the share of the copy's words to change
    /// (see `sweep.rs`).
    pub edit_rates: Vec<f64>,
    pub spin_rates: Vec<f64>,
    pub per_rate: usize,
    /// Number of copies contained in a frame of text found nowhere else.
    pub contained_copies: usize,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 0,
            exact_copies: 10,
            edited_copies: 10,
            edit_rate: 0.05,
            spun_copies: 10,
            spin_rate: 1.0,
            copy_passages: 10,
            spun_passages: 10,
            passage_words: (30, 150),
            boilerplate_lines: 4,
            boilerplate_fraction: 0.3,
            edit_rates: Vec::new(),
            spin_rates: Vec::new(),
            per_rate: 10,
            contained_copies: 0,
        }
    }
}

/// How a duplicate was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateKind {
    Exact,
    Edited,
    Spun,
    /// The origin whole, between a header and a footer of other text.
    Contained,
}

/// How a passage was reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    Copy,
    Spun,
}

/// One side of a passage: `text[start..end]` of document `id` (bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageSide {
    pub id: String,
    pub start: usize,
    pub end: usize,
}

/// One gold record; serialised with a `"type"` tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum GoldRecord {
    /// `b` is a copy of `a`; for `contained`, `a` is the container and `b` the origin it
    /// holds whole.
    Duplicate {
        a: String,
        b: String,
        kind: DuplicateKind,
        /// The share of words the copy was made to change (0 for exact copies); absent when
        /// there was no such target (copies spun at `--spin-rate`, contained copies).
        #[serde(skip_serializing_if = "Option::is_none")]
        rate: Option<f64>,
        /// The share of words that differ, measured (`super::measure`), to 4 decimals.
        changed: f64,
    },
    /// `b`'s span reuses `a`'s span.
    Passage {
        a: PassageSide,
        b: PassageSide,
        kind: PassageKind,
    },
    /// Whether document `id` as a whole is a spun copy (and of which source). One per output
    /// document; hosts of spun passages are `spun: false`.
    Spin {
        id: String,
        spun: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// A boilerplate line and the documents that contain it verbatim.
    Boilerplate { text: String, ids: Vec<String> },
}

/// The gold records of one built corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gold {
    pub records: Vec<GoldRecord>,
}

impl Gold {
    /// Writes one JSON object per line.
    pub fn write_jsonl<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        for record in &self.records {
            serde_json::to_writer(&mut out, record)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Writes documents as JSON Lines `{"id":…,"text":…}`, the format `copydesk scan` reads.
pub fn write_documents_jsonl<W: Write>(docs: &[Document], mut out: W) -> std::io::Result<()> {
    for doc in docs {
        let record = serde_json::json!({ "id": doc.id, "text": doc.text });
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Boilerplate lines, written for this purpose: site chrome of the kind scrapers pick up.
const BOILERPLATE: &[&str] = &[
    "Subscribe to our newsletter to get the latest stories delivered to your inbox.",
    "All rights reserved. Reproduction without written permission is prohibited.",
    "Share this article: Facebook | Twitter | Email | Print",
    "Advertisement - scroll down to continue reading the story below.",
    "Click here to read our privacy policy and cookie settings.",
    "Follow us on social media for breaking news and daily updates.",
    "This page was last updated by our editorial team.",
    "Comments are closed for this article. Thank you for reading.",
];

/// Builds the labelled corpus with the embedded spinner table.
pub fn build_corpus(sources: &[Document], cfg: &SynthConfig) -> (Vec<Document>, Gold) {
    build_corpus_with(sources, cfg, SpinTable::embedded())
}

/// Builds the labelled corpus with a given spinner table.
pub fn build_corpus_with(
    sources: &[Document],
    cfg: &SynthConfig,
    table: &SpinTable,
) -> (Vec<Document>, Gold) {
    let mut docs: Vec<Document> = sources.to_vec();
    let mut body: Vec<(usize, usize)> = docs.iter().map(|d| (0, d.text.len())).collect();
    let mut records = Vec::new();

    // 1. Boilerplate headers and footers.
    let mut rng = Rng::derive(cfg.seed, "boilerplate");
    let lines: Vec<&str> = BOILERPLATE
        .iter()
        .copied()
        .take(cfg.boilerplate_lines)
        .collect();
    for (doc, body) in docs.iter_mut().zip(body.iter_mut()) {
        for (k, line) in lines.iter().enumerate() {
            if !rng.chance(cfg.boilerplate_fraction) {
                continue;
            }
            if k % 2 == 0 {
                doc.text = format!("{line}\n{}", doc.text);
                body.0 += line.len() + 1;
                body.1 += line.len() + 1;
            } else {
                doc.text.push('\n');
                doc.text.push_str(line);
            }
        }
    }

    // Roles: hosts, donors and origins are disjoint.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    Rng::derive(cfg.seed, "roles").shuffle(&mut order);
    let n = order.len();
    let wanted_passages = cfg.copy_passages + cfg.spun_passages;
    let hosts_n = wanted_passages.min(n / 3);
    let donors_n = wanted_passages.min(n / 3);
    let (hosts, rest) = order.split_at(hosts_n);
    let (donors, origins) = rest.split_at(donors_n);

    // 2. Passages.
    let mut rng = Rng::derive(cfg.seed, "passages");
    let spin_cfg = SpinConfig {
        rate: cfg.spin_rate,
        seed: cfg.seed,
    };
    for (i, &host) in hosts.iter().enumerate() {
        let spun = i >= cfg.copy_passages;
        // The i-th donor, or the next one with a passage of the wanted length.
        let found = (0..donors.len()).find_map(|k| {
            let donor = donors[(i + k) % donors.len()];
            let (dlo, dhi) = body[donor];
            pick_passage(&docs[donor].text[dlo..dhi], cfg.passage_words, &mut rng)
                .map(|(s, e)| (donor, dlo + s, dlo + e))
        });
        let Some((donor, ps, pe)) = found else {
            continue;
        };
        let passage = &docs[donor].text[ps..pe];
        let inserted = if spun {
            spin(passage, table, &spin_cfg).text
        } else {
            passage.to_string()
        };
        let (hlo, hhi) = body[host];
        let starts: Vec<usize> = docs[host].text[hlo..hhi]
            .split_sentence_bound_indices()
            .map(|(i, _)| hlo + i)
            .collect();
        let at = match starts.len() {
            0 => hlo,
            n => starts[rng.below(n)],
        };
        let host_text = &mut docs[host].text;
        host_text.insert_str(at, &format!("{inserted} "));
        body[host].1 += inserted.len() + 1;
        records.push(GoldRecord::Passage {
            a: PassageSide {
                id: docs[donor].id.clone(),
                start: ps,
                end: pe,
            },
            b: PassageSide {
                id: docs[host].id.clone(),
                start: at,
                end: at + inserted.len(),
            },
            kind: if spun {
                PassageKind::Spun
            } else {
                PassageKind::Copy
            },
        });
    }

    // 3. Copies of origins: the fixed-rate ones, then the rate sweeps and contained copies.
    let mut rng = Rng::derive(cfg.seed, "copies");
    let mut kinds = Vec::new();
    kinds.extend(std::iter::repeat_n(DuplicateKind::Exact, cfg.exact_copies));
    kinds.extend(std::iter::repeat_n(
        DuplicateKind::Edited,
        cfg.edited_copies,
    ));
    kinds.extend(std::iter::repeat_n(DuplicateKind::Spun, cfg.spun_copies));
    let mut pool = OriginPool::new(origins);
    let mut copies: Vec<Made> = Vec::new();
    if !origins.is_empty() {
        for (j, &kind) in kinds.iter().enumerate() {
            let origin = origins[j % origins.len()];
            pool.mark_used(origin);
            let text = &docs[origin].text;
            let (copy, rate) = match kind {
                DuplicateKind::Exact => (text.clone(), Some(0.0)),
                DuplicateKind::Edited => (
                    edit_words(text, cfg.edit_rate, &mut rng),
                    Some(cfg.edit_rate),
                ),
                // The spinner's rate is a share of the words it knows, not a target share of
                // all words: no `rate` in the gold.
                // A reused origin is spun with a seed of its own, or below rate 1 it would
                // get the very words its first copy got.
                DuplicateKind::Spun => {
                    let reuse = (j / origins.len()) as u64;
                    let cfg = SpinConfig {
                        seed: spin_cfg
                            .seed
                            .wrapping_add(reuse.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                        ..spin_cfg
                    };
                    (spin(text, table, &cfg).text, None)
                }
                DuplicateKind::Contained => unreachable!("contained copies are made below"),
            };
            copies.push(Made {
                origin,
                kind,
                text: copy,
                rate,
            });
        }
    }
    let (swept, fillers) = make_copies(&docs, &body, &mut pool, cfg, table);
    copies.extend(swept);
    // The spinner is context-blind: at rate 1 (or a swept rate that comes to all the words it
    // knows) a reused origin is spun into the very text of its first spun copy. Such a twin is
    // no new case, only a byte-identical document: it is not made (`copydesk synth` reports
    // the shortfall).
    let mut spun_texts = HashSet::new();
    copies.retain(|m| {
        m.kind != DuplicateKind::Spun
            || spun_texts.insert((m.origin, xxhash_rust::xxh3::xxh3_128(m.text.as_bytes())))
    });
    rng.shuffle(&mut copies);
    let mut used: HashSet<String> = docs.iter().map(|d| d.id.clone()).collect();
    let mut spun_from = vec![None; docs.len()];
    for (k, made) in copies.into_iter().enumerate() {
        let mut id = format!("synth-{:05}", k + 1);
        while used.contains(&id) {
            id.push('_');
        }
        used.insert(id.clone());
        let origin = &docs[made.origin];
        let changed = match made.kind {
            DuplicateKind::Exact => 0.0,
            _ => round4(changed_share(&origin.text, &made.text)),
        };
        // A contained copy holds its origin: the container is `a`.
        let (a, b) = match made.kind {
            DuplicateKind::Contained => (id.clone(), origin.id.clone()),
            _ => (origin.id.clone(), id.clone()),
        };
        records.push(GoldRecord::Duplicate {
            a,
            b,
            kind: made.kind,
            rate: made.rate,
            changed,
        });
        spun_from.push((made.kind == DuplicateKind::Spun).then(|| origin.id.clone()));
        docs.push(Document::new(id, made.text));
    }
    // Filler sources lent their sentences to frames and are not part of the corpus.
    if !fillers.is_empty() {
        let mut keep = vec![true; docs.len()];
        fillers.iter().for_each(|&f| keep[f] = false);
        let mut flags = keep.iter();
        docs.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        spun_from.retain(|_| *flags.next().unwrap_or(&true));
    }

    for (doc, source) in docs.iter().zip(spun_from) {
        records.push(GoldRecord::Spin {
            id: doc.id.clone(),
            spun: source.is_some(),
            source,
        });
    }
    for line in lines {
        let ids: Vec<String> = docs
            .iter()
            .filter(|d| d.text.lines().any(|l| l == line))
            .map(|d| d.id.clone())
            .collect();
        if !ids.is_empty() {
            records.push(GoldRecord::Boilerplate {
                text: line.to_string(),
                ids,
            });
        }
    }
    (docs, Gold { records })
}

/// `x` rounded to 4 decimals, as the scan writes its similarities.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A run of whole sentences of `text` with a word count within `bounds`, as a trimmed byte
/// range; `None` when no tried start gives one.
fn pick_passage(text: &str, bounds: (usize, usize), rng: &mut Rng) -> Option<(usize, usize)> {
    let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    if sentences.is_empty() {
        return None;
    }
    let target = rng.range_inclusive(bounds.0, bounds.1.max(bounds.0));
    for _ in 0..32 {
        let first = rng.below(sentences.len());
        let mut words = 0;
        for (start, sentence) in &sentences[first..] {
            words += word_indices(sentence).count();
            if words > bounds.1 {
                break;
            }
            if words >= target.min(bounds.1).max(bounds.0) {
                let begin = sentences[first].0;
                let end = start + sentence.trim_end().len();
                let begin = begin + (text[begin..end].len() - text[begin..end].trim_start().len());
                return Some((begin, end));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_and_empty_inputs_do_not_panic() {
        let cfg = SynthConfig::default();
        for n in 0..5 {
            let sources: Vec<Document> = (0..n)
                .map(|i| Document::new(format!("d{i}"), if i == 0 { "" } else { "Short one." }))
                .collect();
            let (docs, gold) = build_corpus(&sources, &cfg);
            assert!(docs.len() >= n);
            let spins = gold
                .records
                .iter()
                .filter(|r| matches!(r, GoldRecord::Spin { .. }))
                .count();
            assert_eq!(spins, docs.len());
        }
    }

    #[test]
    fn passages_are_whole_sentences_within_bounds() {
        let text = "One two three four five. Six seven eight nine ten. ".repeat(40);
        let mut rng = Rng::new(5);
        for _ in 0..20 {
            let (s, e) = pick_passage(&text, (12, 20), &mut rng).expect("passage");
            let p = &text[s..e];
            let n = word_indices(p).count();
            assert!((12..=20).contains(&n), "{n}: {p}");
            assert!(p.ends_with('.') && p.starts_with(char::is_uppercase), "{p}");
        }
    }
}
