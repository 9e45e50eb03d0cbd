//! A rendered page kept compressed, with its CSP nonce left out: the page's bytes between
//! the nonce's occurrences, each compressed once, and put back together per response
//! around that response's own nonce, without compressing anything again.
//!
//! - gzip: one member whose deflate stream is the segments (each a sync-flushed raw
//!   deflate run, [`encoders::deflate_segment`]) with the nonce between them as stored
//!   blocks, a final empty block, and the CRC-32 of the whole, combined from the
//!   segments' and the nonce's.
//! - zstd: one frame per segment and a raw frame per nonce, one after the other (a zstd
//!   body may hold several frames, which decode to their contents in order).
//! - identity: the segments joined with the nonce.
//!
//! Brotli has no such seams: a brotli response is never kept.

use crate::server::compression::encoders;

/// How a kept page is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// As it is.
    Identity,
    /// gzip at this level.
    Gzip(i32),
    /// zstd at this level.
    Zstd(i32),
}

impl Form {
    /// The `Content-Encoding` token, `None` for identity.
    pub fn encoding(self) -> Option<&'static str> {
        match self {
            Form::Identity => None,
            Form::Gzip(_) => Some("gzip"),
            Form::Zstd(_) => Some("zstd"),
        }
    }
}

/// A page's segments between its nonces, compressed in `form`.
#[derive(Debug)]
pub struct Spliced {
    form: Form,
    /// The segments, encoded; one more than the nonce's occurrences.
    segments: Vec<Vec<u8>>,
    /// Each segment's CRC-32 and length (gzip's trailer).
    crcs: Vec<flate2::Crc>,
}

impl Spliced {
    /// `page` in `form`, cut at every occurrence of `nonce` (not empty).
    pub fn new(form: Form, page: &str, nonce: &str) -> Self {
        assert!(!nonce.is_empty(), "an empty nonce cuts nothing out");
        let mut segments = Vec::new();
        let mut crcs = Vec::new();
        for raw in page.split(nonce) {
            let raw = raw.as_bytes();
            segments.push(match form {
                Form::Identity => raw.to_vec(),
                Form::Gzip(level) => {
                    let mut crc = flate2::Crc::new();
                    crc.update(raw);
                    crcs.push(crc);
                    encoders::deflate_segment(raw, level)
                }
                Form::Zstd(level) => encoders::zstd_whole(raw, level),
            });
        }
        Self {
            form,
            segments,
            crcs,
        }
    }

    /// The bytes kept (what the page costs in memory, besides its headers).
    pub fn size(&self) -> usize {
        self.segments.iter().map(Vec::len).sum()
    }

    /// How the page is encoded.
    pub fn form(&self) -> Form {
        self.form
    }

    /// The page with `nonce` where the render's nonce was, encoded.
    pub fn with_nonce(&self, nonce: &str) -> Vec<u8> {
        let gaps = self.segments.len().saturating_sub(1);
        let mut out = Vec::with_capacity(self.size() + gaps * (nonce.len() + 16) + 32);
        match self.form {
            Form::Identity => {
                for (i, segment) in self.segments.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(nonce.as_bytes());
                    }
                    out.extend_from_slice(segment);
                }
            }
            Form::Gzip(_) => {
                out.extend_from_slice(&encoders::GZIP_HEADER);
                let mut nonce_crc = flate2::Crc::new();
                nonce_crc.update(nonce.as_bytes());
                let mut crc = flate2::Crc::new();
                for (i, (segment, segment_crc)) in self.segments.iter().zip(&self.crcs).enumerate()
                {
                    if i > 0 {
                        encoders::stored_block(nonce.as_bytes(), &mut out);
                        crc.combine(&nonce_crc);
                    }
                    out.extend_from_slice(segment);
                    crc.combine(segment_crc);
                }
                out.extend_from_slice(&encoders::DEFLATE_END);
                encoders::gzip_trailer(&crc, &mut out);
            }
            Form::Zstd(_) => {
                for (i, segment) in self.segments.iter().enumerate() {
                    if i > 0 {
                        encoders::zstd_raw_frame(nonce.as_bytes(), &mut out);
                    }
                    out.extend_from_slice(segment);
                }
            }
        }
        out
    }
}
