//! The whole-body encoders, their state reused per thread: a body is compressed in one
//! call, and the encoder's tables are allocated once per thread and level, not per
//! response (allocating and zeroing miniz's deflate state per page was ~15 % of the
//! server's CPU on the Today page under load).
//!
//! Also the pieces a body is assembled from when it is compressed once and sent many times
//! with a different nonce spliced in ([`crate::server::page_cache`]): a raw deflate
//! segment that ends on a byte boundary without ending the stream ([`deflate_segment`]),
//! stored (uncompressed) deflate blocks ([`stored_block`]), gzip's header and trailer, and
//! zstd frames of raw bytes ([`zstd_raw_frame`]; a zstd body may be several frames, whose
//! contents decode one after the other, RFC 8878 §3.1).

use std::cell::RefCell;

use flate2::{Compress, FlushCompress, Status};

thread_local! {
    /// One zstd context per thread and level, reused: its tables are allocated once.
    static ZSTD: RefCell<Option<(i32, zstd::bulk::Compressor<'static>)>> =
        const { RefCell::new(None) };
    /// One raw deflate state per thread and level, reset between bodies.
    static DEFLATE: RefCell<Option<(u32, Compress)>> = const { RefCell::new(None) };
}

/// `body` as one zstd frame at `level`.
pub fn zstd_whole(body: &[u8], level: i32) -> Vec<u8> {
    ZSTD.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(l, _)| *l != level) {
            let compressor = zstd::bulk::Compressor::new(level).expect("a zstd context");
            *cell = Some((level, compressor));
        }
        let (_, compressor) = cell.as_mut().expect("set above");
        // The whole input is known: zstd sizes its window and tables to it.
        compressor.compress(body).expect("compressing to memory")
    })
}

/// `body` as a zstd frame of one raw (uncompressed) block: for a few bytes (a nonce), where
/// compressing would gain nothing.
pub fn zstd_raw_frame(body: &[u8], out: &mut Vec<u8>) {
    // Magic number, then a frame header descriptor with Single_Segment_flag set and a
    // Frame_Content_Size of 4 bytes (field size code 2), no checksum, no dictionary.
    const MAX_BLOCK: usize = 128 << 10;
    let size = u32::try_from(body.len()).expect("a raw frame under 4 GiB");
    out.extend_from_slice(&[0x28, 0xB5, 0x2F, 0xFD, 0b1010_0000]);
    out.extend_from_slice(&size.to_le_bytes());
    let mut chunks = body.chunks(MAX_BLOCK).peekable();
    if chunks.peek().is_none() {
        // An empty frame still has one (last, raw, empty) block.
        out.extend_from_slice(&[1, 0, 0]);
    }
    while let Some(chunk) = chunks.next() {
        let last = u32::from(chunks.peek().is_none());
        // Block header: Last_Block (bit 0), Block_Type 0 = raw (bits 1–2), Block_Size.
        let header = last | ((chunk.len() as u32) << 3);
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.extend_from_slice(chunk);
    }
}

/// `body` in brotli at `quality`, the window sized to it.
pub fn brotli_whole(body: &[u8], quality: i32) -> Vec<u8> {
    // A window just over the body (brotli's least is 2^10): the ring buffer and the
    // hasher are sized to it, not to the 4 MiB of the default window.
    let lgwin = (usize::BITS - body.len().leading_zeros()).clamp(10, 22) as i32;
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin,
        size_hint: body.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(body.len() / 4);
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("compressing to memory");
    out
}

/// gzip's member header: deflate, no name or time, unknown OS (as flate2 writes it).
pub const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];

/// A final, empty stored deflate block: ends a stream of [`deflate_segment`]s.
pub const DEFLATE_END: [u8; 5] = [1, 0, 0, 0xff, 0xff];

/// gzip's trailer: the CRC-32 and the length (mod 2^32) of the uncompressed data.
pub fn gzip_trailer(crc: &flate2::Crc, out: &mut Vec<u8>) {
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
}

/// `body` in gzip at `level` (one member).
pub fn gzip_whole(body: &[u8], level: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4 + 32);
    out.extend_from_slice(&GZIP_HEADER);
    deflate(body, level, FlushCompress::Finish, &mut out);
    let mut crc = flate2::Crc::new();
    crc.update(body);
    gzip_trailer(&crc, &mut out);
    out
}

/// `body` as raw deflate blocks at `level`, ending byte-aligned without a final block (a
/// sync flush), so that more blocks may follow it: another segment, a [`stored_block`],
/// and at the end [`DEFLATE_END`]. Each segment is compressed on its own (it refers to
/// nothing before it, which a decoder allows).
pub fn deflate_segment(body: &[u8], level: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4 + 16);
    deflate(body, level, FlushCompress::Sync, &mut out);
    out
}

/// `body` as stored (uncompressed, non-final) deflate blocks, after a byte-aligned
/// segment.
pub fn stored_block(body: &[u8], out: &mut Vec<u8>) {
    for chunk in body.chunks(usize::from(u16::MAX)) {
        let len = chunk.len() as u16;
        // BFINAL 0, BTYPE 00, padded to the byte; then LEN and its complement.
        out.push(0);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

/// A fresh raw deflate stream of `body` onto `out`, with this thread's reused state.
fn deflate(body: &[u8], level: i32, flush: FlushCompress, out: &mut Vec<u8>) {
    let level = u32::try_from(level).unwrap_or(1).clamp(1, 9);
    DEFLATE.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(l, _)| *l != level) {
            *cell = Some((level, Compress::new(flate2::Compression::new(level), false)));
        }
        let (_, compress) = cell.as_mut().expect("set above");
        compress.reset();
        let finish = matches!(flush, FlushCompress::Finish);
        loop {
            let consumed = compress.total_in() as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(body.len() / 8 + 1024);
            }
            let status = compress
                .compress_vec(&body[consumed..], out, flush)
                .expect("deflating to memory");
            let input_done = compress.total_in() as usize == body.len();
            let room_left = out.capacity() > out.len();
            // Finish is done at the stream's end; a sync flush once all input is in and
            // the output was not filled (zlib's rule: room left means the flush is whole).
            let done = if finish {
                status == Status::StreamEnd
            } else {
                input_done && room_left
            };
            if done {
                break;
            }
        }
    });
}
