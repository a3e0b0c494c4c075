//! Code-point offsets, as stored for segments and claims, back to text.

/// A stored offset (a database integer) as an index; a negative one, which the storage never
/// writes, reads as the start.
pub fn stored_offset(offset: i64) -> usize {
    usize::try_from(offset).unwrap_or(0)
}

/// Slices a text by code point offsets, as stored for segments and claims.
pub struct CharSlicer<'a> {
    text: &'a str,
    /// Byte offset of every code point, plus the end of the text.
    byte_at: Vec<usize>,
}

impl<'a> CharSlicer<'a> {
    pub fn new(text: &'a str) -> Self {
        let byte_at = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        CharSlicer { text, byte_at }
    }

    /// The text between two code point offsets; out-of-range offsets are clamped.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.byte_at.len() - 1;
        let byte_start = self.byte_at[start.min(last)];
        let byte_end = self.byte_at[end.clamp(start.min(last), last)];
        &self.text[byte_start..byte_end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_code_points() {
        let slicer = CharSlicer::new("héllo 😀 wörld");
        assert_eq!(slicer.slice(0, 5), "héllo");
        assert_eq!(slicer.slice(6, 7), "😀");
        assert_eq!(slicer.slice(8, 13), "wörld");
        assert_eq!(slicer.slice(13, 13), "");
        assert_eq!(slicer.slice(20, 30), "");
        assert_eq!(slicer.slice(5, 2), "");
    }
}
