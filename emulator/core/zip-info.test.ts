/** The emulators' zip reader: what Lambda and SCF judge an archive by. */
import { describe, expect, it } from 'vitest'
import { NotAZipError, readZipInfo } from './zip-info.js'

/** One stored entry; with `zip64`, its central size lives in the extra field. */
function oneEntryZip(name: string, size: number, zip64 = false): Buffer {
  const nameBytes = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  const data = Buffer.alloc(0)
  const extra = Buffer.alloc(zip64 ? 12 : 0)
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0)
    extra.writeUInt16LE(8, 2)
    extra.writeBigUInt64LE(BigInt(size), 4)
  }
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt32LE(zip64 ? 0xffffffff : size, 24)
  central.writeUInt16LE(nameBytes.length, 28)
  central.writeUInt16LE(extra.length, 30)
  const cdOffset = local.length + nameBytes.length + data.length
  const cd = Buffer.concat([central, nameBytes, extra])
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return Buffer.concat([local, nameBytes, data, cd, end])
}

describe('zip reading', () => {
  it('reads the central directory and rejects non-zips', () => {
    const empty = Buffer.from('504b0506' + '00'.repeat(18), 'hex')
    expect(readZipInfo(empty)).toEqual({
      entries: 0,
      unzippedSize: 0,
      names: []
    })
    expect(() => readZipInfo(Buffer.from('not a zip at all, sorry'))).toThrow()
  })

  it('sums declared sizes, from the Zip64 extra field when flagged', () => {
    expect(readZipInfo(oneEntryZip('a.txt', 1234))).toEqual({
      entries: 1,
      unzippedSize: 1234,
      names: ['a.txt']
    })
    const big = 5 * 1024 ** 3
    expect(readZipInfo(oneEntryZip('big.bin', big, true), 0)).toEqual({
      entries: 1,
      unzippedSize: big,
      names: []
    })
  })

  it('rejects a directory that points outside the file', () => {
    const zip = oneEntryZip('a', 1)
    zip.writeUInt32LE(zip.length, zip.length - 6)
    expect(() => readZipInfo(zip)).toThrow(NotAZipError)
  })
})
