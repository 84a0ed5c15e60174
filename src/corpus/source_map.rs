//! From byte offsets in a decoded text back to byte offsets in the bytes it was decoded from.
//!
//! A document decoded from Latin-1, Windows-1252, Big5, UTF-16 or from UTF-8 behind a
//! byte-order mark no longer has its file's offsets: `é` is one byte in Latin-1 and two in the
//! UTF-8 text, a BOM is three bytes the text does not have. Output offsets must still point into
//! the file a user can open, so each decoded document keeps a `SourceMap`: the points where the
//! difference between text offset and source offset changes. Between two points text and
//! source advance together (ASCII in every ASCII-compatible charset), so a map holds one point
//! per non-ASCII character at most, and none at all for a UTF-8 file without a BOM.

/// Text offset -> source offset, piecewise: after point `(t, s)` offset `t + k` is `s + k`,
/// until the next point. Empty means the identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(text offset, source offset)`, strictly increasing in both.
    points: Vec<(u32, u32)>,
}

impl SourceMap {
    /// The identity: text offsets are source offsets.
    pub fn identity() -> Self {
        SourceMap::default()
    }

    /// True when text offsets are source offsets.
    pub fn is_identity(&self) -> bool {
        self.points.is_empty()
    }

    /// The source offset of text offset `at` (a character boundary).
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.points.partition_point(|&(t, _)| t as usize <= at);
        match i.checked_sub(1) {
            None => at,
            Some(i) => {
                let (t, s) = self.points[i];
                s as usize + (at - t as usize)
            }
        }
    }

    /// The source byte range of a text byte range.
    pub fn source_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.source_offset(range.start)..self.source_offset(range.end)
    }
}

/// Builds a map while text and source are walked together, one decoded piece at a time.
#[derive(Debug, Default)]
pub struct SourceMapBuilder {
    points: Vec<(u32, u32)>,
    /// Text offset minus source offset after the last point (the identity's is 0).
    delta: i64,
}

impl SourceMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Says that text offset `text` corresponds to source offset `source`; a point is kept only
    /// when the difference changes.
    pub fn at(&mut self, text: usize, source: usize) {
        let delta = text as i64 - source as i64;
        if delta != self.delta {
            // offsets are checked against MAX_DOCUMENT_BYTES before a document is made
            let point = (
                u32::try_from(text).unwrap_or(u32::MAX),
                u32::try_from(source).unwrap_or(u32::MAX),
            );
            if let Some(last) = self.points.last_mut()
                && last.0 == point.0
            {
                *last = point;
            } else {
                self.points.push(point);
            }
            self.delta = delta;
        }
    }

    pub fn finish(mut self) -> SourceMap {
        self.points.shrink_to_fit();
        SourceMap {
            points: self.points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_shifts() {
        assert_eq!(SourceMap::identity().source_offset(17), 17);
        // a BOM: text 0 is source 3
        let mut b = SourceMapBuilder::new();
        b.at(0, 3);
        let bom = b.finish();
        assert_eq!(bom.source_range(0..5), 3..8);
        // "aé b" from Latin-1 "a\xe9 b": é is text 1..3, source 1..2
        let mut b = SourceMapBuilder::new();
        b.at(1, 1);
        b.at(3, 2);
        let latin = b.finish();
        assert_eq!(latin.source_offset(0), 0);
        assert_eq!(latin.source_offset(1), 1);
        assert_eq!(latin.source_offset(4), 3);
        assert_eq!(latin.source_range(3..5), 2..4);
    }
}
