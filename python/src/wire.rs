//! The scan stages' records as bytes, for the Spark path (`copydesk.spark`): a task's copies,
//! passages, boilerplate runs and word spans travel to the driver (and, for the spun round,
//! back to tasks) as Spark binary values. Little-endian fields one after the other, floats as
//! their bits (so a value read back is the value written, bit for bit, and the records made
//! from it are those of the one-process scan); a blob is records end to end, so blobs
//! concatenate.

use copydesk::align::word_diff::DiffCounts;
use copydesk::align::{MatchKind, Passage, WordRange};
use copydesk::dedup::judge::{SpunEvidence, SubstitutionText};
use copydesk::dedup::{CopyKind, Duplicate};
use copydesk::text::Span;

/// Appends records to a byte vector.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn range(&mut self, r: WordRange) {
        self.u32(r.doc);
        self.u32(r.start);
        self.u32(r.end);
    }

    pub fn passage(&mut self, p: &Passage) {
        self.range(p.a);
        self.range(p.b);
        self.u32(p.matched_words);
        self.f64(p.similarity);
        self.u8(match p.kind {
            MatchKind::Copy => 0,
            MatchKind::Spun => 1,
        });
        self.u32(p.immutables);
    }

    pub fn duplicate(&mut self, d: &Duplicate) {
        self.u32(d.a);
        self.u32(d.b);
        self.u8(match d.kind {
            CopyKind::Exact => 0,
            CopyKind::Near => 1,
            CopyKind::Spun => 2,
            CopyKind::Contained => 3,
        });
        self.f64(d.coverage_a);
        self.f64(d.coverage_b);
        self.range(d.region_a);
        self.range(d.region_b);
        let c = &d.diff;
        for v in [
            c.matched,
            c.substituted_old,
            c.substituted_new,
            c.inserted,
            c.deleted,
        ] {
            self.u32(v);
        }
        self.f64(d.jaccard);
        self.f64(d.containment);
        match &d.spun {
            None => self.u8(0),
            Some(e) => {
                self.u8(1);
                self.u32(e.substitutions.len() as u32);
                for s in &e.substitutions {
                    self.str(&s.original);
                    self.str(&s.spun);
                    self.u8(u8::from(s.synonym));
                    self.u32(s.margin.to_bits());
                }
                self.f64(e.synonym_share);
                self.f64(e.confidence);
            }
        }
    }

    /// A boilerplate run of one document and its fingerprint hashes.
    pub fn run(&mut self, (range, hashes): &(WordRange, Vec<u64>)) {
        self.range(*range);
        self.u32(hashes.len() as u32);
        for &h in hashes {
            self.u64(h);
        }
    }

    /// The span of a word (`None` past its document's last word).
    pub fn end(&mut self, ((doc, word), span): ((u32, u32), Option<Span>)) {
        self.u32(doc);
        self.u32(word);
        match span {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.u32(s.start);
                self.u32(s.end);
            }
        }
    }
}

/// Reads records back.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let got = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("a stage record is cut short at byte {}", self.at))?;
        self.at += n;
        Ok(got)
    }

    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, String> {
        let mut le = [0u8; 4];
        le.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(le))
    }

    pub fn u64(&mut self) -> Result<u64, String> {
        let mut le = [0u8; 8];
        le.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(le))
    }

    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }

    fn str(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| e.to_string())
    }

    pub fn range(&mut self) -> Result<WordRange, String> {
        Ok(WordRange {
            doc: self.u32()?,
            start: self.u32()?,
            end: self.u32()?,
        })
    }

    pub fn passage(&mut self) -> Result<Passage, String> {
        Ok(Passage {
            a: self.range()?,
            b: self.range()?,
            matched_words: self.u32()?,
            similarity: self.f64()?,
            kind: match self.u8()? {
                0 => MatchKind::Copy,
                1 => MatchKind::Spun,
                other => return Err(format!("wire: unknown passage kind {other}")),
            },
            immutables: self.u32()?,
        })
    }

    pub fn duplicate(&mut self) -> Result<Duplicate, String> {
        let (a, b) = (self.u32()?, self.u32()?);
        let kind = match self.u8()? {
            0 => CopyKind::Exact,
            1 => CopyKind::Near,
            2 => CopyKind::Spun,
            3 => CopyKind::Contained,
            other => return Err(format!("wire: unknown copy kind {other}")),
        };
        let (coverage_a, coverage_b) = (self.f64()?, self.f64()?);
        let (region_a, region_b) = (self.range()?, self.range()?);
        let diff = DiffCounts {
            matched: self.u32()?,
            substituted_old: self.u32()?,
            substituted_new: self.u32()?,
            inserted: self.u32()?,
            deleted: self.u32()?,
        };
        let (jaccard, containment) = (self.f64()?, self.f64()?);
        let spun = if self.u8()? == 0 {
            None
        } else {
            let n = self.u32()? as usize;
            let mut substitutions = Vec::with_capacity(n);
            for _ in 0..n {
                substitutions.push(SubstitutionText {
                    original: self.str()?,
                    spun: self.str()?,
                    synonym: self.u8()? != 0,
                    margin: f32::from_bits(self.u32()?),
                });
            }
            Some(SpunEvidence {
                substitutions,
                synonym_share: self.f64()?,
                confidence: self.f64()?,
            })
        };
        Ok(Duplicate {
            a,
            b,
            kind,
            coverage_a,
            coverage_b,
            region_a,
            region_b,
            diff,
            jaccard,
            containment,
            spun,
        })
    }

    pub fn run(&mut self) -> Result<(WordRange, Vec<u64>), String> {
        let range = self.range()?;
        let n = self.u32()? as usize;
        let hashes = (0..n).map(|_| self.u64()).collect::<Result<_, _>>()?;
        Ok((range, hashes))
    }

    pub fn end(&mut self) -> Result<((u32, u32), Option<Span>), String> {
        let key = (self.u32()?, self.u32()?);
        let span = if self.u8()? == 0 {
            None
        } else {
            Some(Span {
                start: self.u32()?,
                end: self.u32()?,
            })
        };
        Ok((key, span))
    }
}

/// Every record of a blob, read by `read`.
pub fn all<'a, T>(
    bytes: &'a [u8],
    mut read: impl FnMut(&mut Reader<'a>) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let mut reader = Reader::new(bytes);
    let mut out = Vec::new();
    while !reader.done() {
        out.push(read(&mut reader)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(doc: u32, start: u32, end: u32) -> WordRange {
        WordRange { doc, start, end }
    }

    #[test]
    fn an_unknown_kind_byte_is_an_error_not_a_guess() {
        let mut w = Writer::default();
        w.passage(&Passage {
            a: range(1, 2, 30),
            b: range(4, 5, 33),
            matched_words: 28,
            similarity: 0.9,
            kind: MatchKind::Copy,
            immutables: 0,
        });
        // the kind byte follows two ranges, the matched words and the similarity
        w.bytes[24 + 4 + 8] = 7;
        let err = Reader::new(&w.bytes).passage().unwrap_err();
        assert!(err.contains("unknown passage kind 7"), "{err}");
    }

    #[test]
    fn records_read_back_as_written() {
        let p = Passage {
            a: range(1, 2, 30),
            b: range(4, 5, 33),
            matched_words: 27,
            similarity: 0.1 + 0.2,
            kind: MatchKind::Spun,
            immutables: 9,
        };
        let d = Duplicate {
            a: 7,
            b: 3,
            kind: CopyKind::Spun,
            coverage_a: 1.0 / 3.0,
            coverage_b: 0.9,
            region_a: range(7, 0, 10),
            region_b: range(3, 1, 12),
            diff: DiffCounts {
                matched: 1,
                substituted_old: 2,
                substituted_new: 3,
                inserted: 4,
                deleted: 5,
            },
            jaccard: 0.25,
            containment: 0.75,
            spun: Some(SpunEvidence {
                substitutions: vec![SubstitutionText {
                    original: "big".into(),
                    spun: "large".into(),
                    synonym: true,
                    margin: -1.5,
                }],
                synonym_share: 0.5,
                confidence: 0.875,
            }),
        };
        let mut w = Writer::default();
        w.passage(&p);
        w.duplicate(&d);
        w.passage(&p);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.passage().unwrap(), p);
        assert_eq!(r.duplicate().unwrap(), d);
        assert_eq!(r.passage().unwrap(), p);
        assert!(r.done());
        let cut = &w.bytes[..w.bytes.len() - 1];
        assert!(all(cut, |r| r.passage()).is_err());
    }
}
