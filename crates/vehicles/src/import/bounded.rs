//! A reader over an unpacking ZIP part that stops at the limits: the bytes all parts may unpack
//! to, the size of any one XML token, and a cancelled read.
//!
//! An XML parser buffers each token (a tag, a run of text, a comment) whole, so a part that is
//! one 100 MiB text node makes a 100 MiB buffer whatever the parser does with it. The lexer
//! below follows the token boundaries as the parser sees them (quotes inside tags, `-->`,
//! `]]>`, `?>`) and refuses a token longer than [`MAX_TOKEN_BYTES`], so no buffer can grow past
//! it. It can only over-count a token, never under-count one: a document type declaration,
//! whose end it cannot find without parsing it, is refused (spreadsheets never have one).

use std::cell::Cell;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

/// The longest XML token accepted: far above what a spreadsheet writes (a cell holds at most
/// 32,767 characters, some 200 KiB escaped), far below what would strain memory.
pub const MAX_TOKEN_BYTES: usize = 1024 * 1024;

/// Why a read stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The parts read so far unpack to more than allowed.
    Unpacked,
    /// One XML token is longer than [`MAX_TOKEN_BYTES`].
    Token,
    /// A `<!DOCTYPE` (or another declaration the format never uses).
    Declaration,
    Cancelled,
}

pub struct Bounded<'a, R> {
    inner: R,
    /// What all the parts of one file may still unpack to.
    budget: &'a Cell<u64>,
    cancel: &'a AtomicBool,
    lexer: Lexer,
    stop: Option<Stop>,
}

impl<'a, R: Read> Bounded<'a, R> {
    pub fn new(inner: R, budget: &'a Cell<u64>, cancel: &'a AtomicBool) -> Self {
        Bounded { inner, budget, cancel, lexer: Lexer::default(), stop: None }
    }

    /// Why the last read failed, when it was one of the limits.
    pub fn stop(&self) -> Option<Stop> {
        self.stop
    }

    fn fail(&mut self, stop: Stop) -> io::Result<usize> {
        self.stop = Some(stop);
        Err(io::Error::other(format!("{stop:?}")))
    }
}

impl<R: Read> Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(stop) = self.stop {
            return self.fail(stop);
        }
        if self.cancel.load(Ordering::Relaxed) {
            return self.fail(Stop::Cancelled);
        }
        let n = self.inner.read(buf)?;
        let left = self.budget.get();
        if n as u64 > left {
            return self.fail(Stop::Unpacked);
        }
        self.budget.set(left - n as u64);
        if let Err(stop) = self.lexer.feed(&buf[..n]) {
            return self.fail(stop);
        }
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Mode {
    #[default]
    Text,
    /// Just after `<`.
    Open,
    /// Inside a tag; `Some(quote)` inside a quoted attribute value, where `>` does not end it.
    Tag(Option<u8>),
    /// After `<!`, matching `--` or `[CDATA[`: how many of their bytes matched so far.
    Bang {
        cdata: bool,
        matched: usize,
    },
    /// The trailing `-` (comment) or `]` (CDATA) seen, up to 2, or whether `?` was last (PI).
    Comment(u8),
    Cdata(u8),
    Instruction(bool),
}

const CDATA_OPEN: &[u8] = b"[CDATA[";

/// Tracks the length of the XML token being read.
#[derive(Debug, Default)]
struct Lexer {
    mode: Mode,
    run: usize,
}

impl Lexer {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if self.mode == Mode::Text {
                // Text ends only at `<`: skip to it at once.
                match rest.iter().position(|&b| b == b'<') {
                    Some(i) => {
                        self.grow(i)?;
                        self.mode = Mode::Open;
                        self.run = 1;
                        rest = &rest[i + 1..];
                    }
                    None => {
                        self.grow(rest.len())?;
                        rest = &[];
                    }
                }
                continue;
            }
            let b = rest[0];
            rest = &rest[1..];
            self.grow(1)?;
            self.mode = match self.mode {
                Mode::Text => Mode::Text,
                Mode::Open => match b {
                    b'!' => Mode::Bang { cdata: false, matched: 0 },
                    b'?' => Mode::Instruction(false),
                    _ => self.tag(None, b),
                },
                Mode::Tag(quote) => self.tag(quote, b),
                Mode::Bang { cdata: false, matched: 0 } if b == b'-' => Mode::Bang { cdata: false, matched: 1 },
                Mode::Bang { cdata: false, matched: 1 } if b == b'-' => Mode::Comment(0),
                Mode::Bang { cdata: false, matched: 0 } if b == CDATA_OPEN[0] => Mode::Bang { cdata: true, matched: 1 },
                Mode::Bang { cdata: true, matched } if b == CDATA_OPEN[matched] => {
                    if matched + 1 == CDATA_OPEN.len() {
                        Mode::Cdata(0)
                    } else {
                        Mode::Bang { cdata: true, matched: matched + 1 }
                    }
                }
                Mode::Bang { .. } => return Err(Stop::Declaration),
                Mode::Comment(dashes) => match b {
                    b'>' if dashes >= 2 => self.end(),
                    b'-' => Mode::Comment((dashes + 1).min(2)),
                    _ => Mode::Comment(0),
                },
                Mode::Cdata(brackets) => match b {
                    b'>' if brackets >= 2 => self.end(),
                    b']' => Mode::Cdata((brackets + 1).min(2)),
                    _ => Mode::Cdata(0),
                },
                Mode::Instruction(question) => match b {
                    b'>' if question => self.end(),
                    _ => Mode::Instruction(b == b'?'),
                },
            };
        }
        Ok(())
    }

    fn tag(&mut self, quote: Option<u8>, b: u8) -> Mode {
        match (quote, b) {
            (None, b'>') => self.end(),
            (None, b'"' | b'\'') => Mode::Tag(Some(b)),
            (Some(q), _) if q == b => Mode::Tag(None),
            (q, _) => Mode::Tag(q),
        }
    }

    fn end(&mut self) -> Mode {
        self.run = 0;
        Mode::Text
    }

    fn grow(&mut self, n: usize) -> Result<(), Stop> {
        self.run += n;
        if self.run > MAX_TOKEN_BYTES { Err(Stop::Token) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest_allowed(xml: &[u8], chunk: usize) -> Result<(), Stop> {
        let mut lexer = Lexer::default();
        xml.chunks(chunk).try_for_each(|c| lexer.feed(c))
    }

    fn big(prefix: &str, middle: &str, suffix: &str) -> Vec<u8> {
        let mut v = prefix.as_bytes().to_vec();
        while v.len() <= MAX_TOKEN_BYTES + prefix.len() {
            v.extend_from_slice(middle.as_bytes());
        }
        v.extend_from_slice(suffix.as_bytes());
        v
    }

    #[test]
    fn ordinary_parts_pass_whatever_their_size() {
        let mut xml = b"<?xml version=\"1.0\"?><!-- made by hand --><sheetData>".to_vec();
        for r in 1..=20_000 {
            xml.extend_from_slice(
                format!(
                    "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{r}</v></c><c><is><t><![CDATA[a<b>c]]></t></is></c></row>"
                )
                .as_bytes(),
            );
        }
        xml.extend_from_slice(b"</sheetData>");
        for chunk in [1, 7, 8192] {
            assert_eq!(longest_allowed(&xml, chunk), Ok(()), "chunk {chunk}");
        }
    }

    #[test]
    fn one_token_longer_than_the_limit_is_refused_however_it_is_written() {
        let cases = [
            big("<t>", "x > y ", "</t>"),
            big("<c a=\"", "<><>", "\"/>"),
            big("<!--", "<a>-", "-->"),
            big("<![CDATA[", "<a>]]", "]]>"),
            big("<?pi ", "<a>?", "?>"),
            big("<sheetData>", " ", "</sheetData>"),
        ];
        for (i, xml) in cases.iter().enumerate() {
            for chunk in [1, 4096] {
                assert_eq!(longest_allowed(xml, chunk), Err(Stop::Token), "case {i}, chunk {chunk}");
            }
        }
        assert_eq!(longest_allowed(b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>", 3), Err(Stop::Declaration));
    }

    #[test]
    fn the_budget_is_shared_by_every_part_of_a_file_and_a_cancel_stops_the_read() {
        let budget = Cell::new(10);
        let cancel = AtomicBool::new(false);
        let mut sink = Vec::new();
        Bounded::new(&b"<a>1</a>"[..], &budget, &cancel).read_to_end(&mut sink).expect("first part fits");
        let mut second = Bounded::new(&b"<b>2</b>"[..], &budget, &cancel);
        assert!(second.read_to_end(&mut sink).is_err());
        assert_eq!(second.stop(), Some(Stop::Unpacked));
        cancel.store(true, Ordering::Relaxed);
        let roomy = Cell::new(100);
        let mut third = Bounded::new(&b""[..], &roomy, &cancel);
        assert!(third.read_to_end(&mut sink).is_err());
        assert_eq!(third.stop(), Some(Stop::Cancelled));
    }
}
