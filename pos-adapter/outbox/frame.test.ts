import { describe, expect, it } from 'vitest'
import { decodeFrames, encodeFrame, FRAME_HEADER_BYTES } from './frame.js'

const frames = (...texts: string[]) => Buffer.concat(texts.map((t) => encodeFrame(Buffer.from(t))))

describe('journal framing', () => {
  it('reads back every whole frame in order', () => {
    const d = decodeFrames(frames('{"a":1}', '{"b":2}', ''))
    expect(d.payloads.map(String)).toEqual(['{"a":1}', '{"b":2}', ''])
    expect(d.tornBytes).toBe(0)
  })

  it('drops a torn final frame at every possible cut, keeping the frames before it', () => {
    const whole = frames('{"first":true}', '{"second":"torn"}')
    const firstLen = FRAME_HEADER_BYTES + '{"first":true}'.length
    for (let cut = firstLen; cut < whole.length; cut++) {
      const d = decodeFrames(whole.subarray(0, cut))
      expect(d.payloads.map(String)).toEqual(['{"first":true}'])
      expect(d.validBytes).toBe(firstLen)
      expect(d.tornBytes).toBe(cut - firstLen)
    }
  })

  it('stops at a frame whose payload fails its CRC', () => {
    const buf = frames('{"a":1}', '{"b":2}', '{"c":3}')
    const i = FRAME_HEADER_BYTES * 2 + 7 + 3 // a byte inside the second payload
    buf[i] = buf[i]! ^ 0xff
    const d = decodeFrames(buf)
    expect(d.payloads.map(String)).toEqual(['{"a":1}'])
    expect(d.tornBytes).toBe(buf.length - (FRAME_HEADER_BYTES + 7))
  })

  it('treats zeroes after a crash (a preallocated tail) as torn, not as records', () => {
    const buf = Buffer.concat([frames('{"a":1}'), Buffer.alloc(64)])
    expect(decodeFrames(buf)).toMatchObject({ validBytes: FRAME_HEADER_BYTES + 7, tornBytes: 64 })
  })
})
