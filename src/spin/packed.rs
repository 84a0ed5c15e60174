//! The byte form of the lookup tables `build.rs` compiles into the binary (the Sphinx n-grams
//! of `wide_table.rs`, the thesaurus index of `synonym_table.rs`): arrays of fixed-width
//! little-endian numbers, each after its length and aligned to 8 bytes.
//!
//! Why this form: decompressing and copying the tables took longer than the rest of a 19 MB
//! scan (0.08 s for the n-grams, 0.05 s to hash the thesaurus text), paid by every scan that
//! met a spun pair. Embedded as they are, aligned, the arrays are read in place: a lookup
//! touches only the pages it needs and loading costs nothing. On a big-endian target, or should
//! the bytes not be aligned, the reader copies instead ([`Cow::Owned`]).
//!
//! Plain `std` and `bytemuck`, no crate paths: `build.rs` includes this file as it is.

use std::borrow::Cow;

/// Every array starts at a multiple of this many bytes from the start of the byte form.
pub const ALIGN: usize = 8;

/// Writes a byte form: a magic, then sections.
pub struct Writer {
    pub out: Vec<u8>,
}

impl Writer {
    /// A byte form that starts with `magic` (8 bytes, so that the arrays after it align).
    pub fn new(magic: &[u8; 8]) -> Writer {
        Writer {
            out: magic.to_vec(),
        }
    }

    fn pad(&mut self) {
        while !self.out.len().is_multiple_of(ALIGN) {
            self.out.push(0);
        }
    }

    fn len(&mut self, len: usize) {
        self.out.extend_from_slice(&(len as u64).to_le_bytes());
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.out.extend_from_slice(bytes);
        self.pad();
    }

    pub fn u32s(&mut self, values: impl ExactSizeIterator<Item = u32>) {
        self.len(values.len());
        values.for_each(|v| self.out.extend_from_slice(&v.to_le_bytes()));
        self.pad();
    }

    pub fn f32s(&mut self, values: &[f32]) {
        self.u32s(values.iter().map(|v| v.to_bits()));
    }

    pub fn u64s(&mut self, values: impl ExactSizeIterator<Item = u64>) {
        self.len(values.len());
        values.for_each(|v| self.out.extend_from_slice(&v.to_le_bytes()));
        self.pad();
    }
}

/// Reads the sections of a [`Writer`]'s output in order, in place where it can.
pub struct Reader<'a> {
    rest: &'a [u8],
    /// What the table is, for messages ("Sphinx table").
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, which must start with `magic`.
    pub fn new(bytes: &'a [u8], magic: &[u8; 8], what: &'static str) -> Result<Self, String> {
        let rest = bytes
            .strip_prefix(magic.as_slice())
            .ok_or_else(|| format!("not a copydesk {what} (bad magic)"))?;
        Ok(Reader { rest, what })
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        if self.rest.len() < len {
            return Err(format!("truncated {}", self.what));
        }
        let (head, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(head)
    }

    /// A section's bytes, and the padding after them skipped.
    fn section(&mut self, width: usize) -> Result<&'a [u8], String> {
        let raw = self.take(8)?;
        let count = u64::from_le_bytes(raw.try_into().expect("8 bytes"));
        let len = usize::try_from(count)
            .ok()
            .and_then(|l| l.checked_mul(width))
            .ok_or_else(|| format!("{} length overflows", self.what))?;
        let data = self.take(len)?;
        let padded = len.next_multiple_of(ALIGN) - len;
        self.take(padded)?;
        Ok(data)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        self.section(1)
    }

    pub fn u32s(&mut self) -> Result<Cow<'a, [u32]>, String> {
        Ok(in_place(self.section(4)?, u32::from_le_bytes))
    }

    pub fn f32s(&mut self) -> Result<Cow<'a, [f32]>, String> {
        Ok(in_place(self.section(4)?, |b| {
            f32::from_bits(u32::from_le_bytes(b))
        }))
    }

    pub fn u64s(&mut self) -> Result<Cow<'a, [u64]>, String> {
        Ok(in_place(self.section(8)?, u64::from_le_bytes))
    }

    /// Whether every byte has been read.
    pub fn finish(self) -> Result<(), String> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(format!("trailing bytes after the {}", self.what))
        }
    }
}

/// Little-endian values of width `N`: borrowed when the target is little-endian and the bytes
/// are aligned for `T`, decoded one by one otherwise.
fn in_place<'a, T: bytemuck::Pod, const N: usize>(
    bytes: &'a [u8],
    decode: impl Fn([u8; N]) -> T,
) -> Cow<'a, [T]> {
    if cfg!(target_endian = "little")
        && let Ok(values) = bytemuck::try_cast_slice::<u8, T>(bytes)
    {
        return Cow::Borrowed(values);
    }
    Cow::Owned(
        bytes
            .chunks_exact(N)
            .map(|c| decode(c.try_into().expect("N bytes")))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip_and_align() {
        let mut w = Writer::new(b"CDTEST01");
        w.bytes(b"abc");
        w.u32s([1u32, 2, 3].into_iter());
        w.f32s(&[0.5, -1.0]);
        w.u64s([u64::MAX].into_iter());
        assert!(w.out.len().is_multiple_of(ALIGN));
        // copy into 8-aligned storage, as the embedded tables are
        let mut words = vec![0u64; w.out.len() / 8];
        bytemuck::cast_slice_mut::<u64, u8>(&mut words).copy_from_slice(&w.out);
        let bytes: &[u8] = bytemuck::cast_slice(&words);
        let mut r = Reader::new(bytes, b"CDTEST01", "test table").unwrap();
        assert_eq!(r.bytes().unwrap(), b"abc");
        let ints = r.u32s().unwrap();
        assert_eq!(&*ints, &[1, 2, 3]);
        assert!(matches!(ints, Cow::Borrowed(_)) || cfg!(target_endian = "big"));
        assert_eq!(&*r.f32s().unwrap(), &[0.5, -1.0]);
        assert_eq!(&*r.u64s().unwrap(), &[u64::MAX]);
        r.finish().unwrap();
        // misaligned bytes are read all the same, by copying
        let mut shifted = vec![0u8];
        shifted.extend_from_slice(bytes);
        let mut r = Reader::new(&shifted[1..], b"CDTEST01", "test table").unwrap();
        r.bytes().unwrap();
        assert_eq!(&*r.u32s().unwrap(), &[1, 2, 3]);
    }

    #[test]
    fn damaged_forms_are_refused() {
        let mut w = Writer::new(b"CDTEST01");
        w.u32s([7u32].into_iter());
        assert!(Reader::new(&w.out, b"CDTEST02", "t").is_err());
        let mut r = Reader::new(&w.out[..w.out.len() - 5], b"CDTEST01", "t").unwrap();
        assert!(r.u32s().is_err());
        let mut extra = w.out.clone();
        extra.extend_from_slice(&[0; 8]);
        let mut r = Reader::new(&extra, b"CDTEST01", "t").unwrap();
        r.u32s().unwrap();
        assert!(r.finish().is_err());
    }
}
