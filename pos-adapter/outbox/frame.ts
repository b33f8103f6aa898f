import { crc32 } from 'node:zlib'

/** Frame header: a marker byte, the payload length (u32 LE) and its CRC-32 (u32 LE). */
export const FRAME_HEADER_BYTES = 9
const MARKER = 0xb7
/** Largest payload accepted when reading back; anything claiming more is a torn or corrupt frame. */
export const MAX_FRAME_PAYLOAD = 64 * 1024 * 1024

/**
 * Frames one journal record so a reader can tell a whole record from the torn
 * tail a kill -9 leaves behind: marker, length, CRC-32, payload.
 * @example encodeFrame(Buffer.from('{"t":"a"}')).length // 9 + 9
 */
export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length)
  frame[0] = MARKER
  frame.writeUInt32LE(payload.length, 1)
  frame.writeUInt32LE(crc32(payload), 5)
  payload.copy(frame, FRAME_HEADER_BYTES)
  return frame
}

export type Decoded = {
  payloads: Buffer[]
  /** Bytes from the start that hold whole, checked frames: the file is truncated to this on recovery. */
  validBytes: number
  /** Bytes after the last good frame (a torn write, or corruption): dropped. */
  tornBytes: number
}

/**
 * Reads frames from the start of `buf` until the end or the first frame that
 * is incomplete or fails its CRC; everything from there on is the torn tail.
 * Only the tail can be torn, because each append is fsync'd before the next
 * one is acknowledged. Pure.
 */
export function decodeFrames(buf: Buffer): Decoded {
  const payloads: Buffer[] = []
  let at = 0
  while (at + FRAME_HEADER_BYTES <= buf.length) {
    if (buf[at] !== MARKER) break
    const len = buf.readUInt32LE(at + 1)
    if (len > MAX_FRAME_PAYLOAD || at + FRAME_HEADER_BYTES + len > buf.length) break
    const payload = buf.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + len)
    if (crc32(payload) !== buf.readUInt32LE(at + 5)) break
    payloads.push(payload)
    at += FRAME_HEADER_BYTES + len
  }
  return { payloads, validBytes: at, tornBytes: buf.length - at }
}
