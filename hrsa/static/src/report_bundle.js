// Every school's report as a ZIP, with the progress shown while the server prepares it
// (progressive enhancement of templates/reports/cycle_reports.html).
//
// The server streams the archive one school's report at a time and says how many there will be
// in the X-Report-Count header. This module fetches it, counts each finished entry as its bytes
// arrive, says "Preparing 37 of 100 reports" in a polite live region beside a progress bar, and
// then hands the finished file to the browser as a download. Without JavaScript (or without
// streamed fetch) the page's plain download link does the same, without the progress.
//
// The CSP allows no inline styles or scripts: this module only sets attributes and text.

const LOCAL_HEADER = 0x04034b50
const DATA_DESCRIPTOR = 0x08074b50
const USES_DESCRIPTOR = 0x0008

// Counts the entries of a ZIP archive as its bytes arrive, and keeps the bytes for the download.
// An entry is complete when its data has all arrived: after its compressed size when the local
// header gives it, otherwise at its data descriptor (Python's zipfile writes one when streaming),
// recognised by its signature followed by the compressed size of the bytes before it.
export class ZipCounter {
  constructor () {
    this.bytes = new Uint8Array(1 << 20)
    this.length = 0
    this.entries = 0
    this.cursor = 0 // where the next local header starts
    this.dataStart = -1 // the current entry's data, while looking for its descriptor
    this.scanFrom = 0
    this.finished = false
  }

  push (chunk) {
    if (this.length + chunk.length > this.bytes.length) {
      let size = this.bytes.length * 2
      while (size < this.length + chunk.length) size *= 2
      const grown = new Uint8Array(size)
      grown.set(this.bytes.subarray(0, this.length))
      this.bytes = grown
    }
    this.bytes.set(chunk, this.length)
    this.length += chunk.length
    this.advance()
    return this.entries
  }

  u16 (at) {
    return this.bytes[at] | (this.bytes[at + 1] << 8)
  }

  u32 (at) {
    return (this.u16(at) | (this.u16(at + 2) << 16)) >>> 0
  }

  advance () {
    while (!this.finished) {
      if (this.dataStart < 0) {
        if (this.length - this.cursor < 30) return
        if (this.u32(this.cursor) !== LOCAL_HEADER) {
          this.finished = true // the central directory: every entry has been counted
          return
        }
        const flags = this.u16(this.cursor + 6)
        const start = this.cursor + 30 + this.u16(this.cursor + 26) + this.u16(this.cursor + 28)
        if (!(flags & USES_DESCRIPTOR)) {
          const end = start + this.u32(this.cursor + 18)
          if (this.length < end) return
          this.entries += 1
          this.cursor = end
          continue
        }
        this.dataStart = start
        this.scanFrom = start
      }
      const last = this.length - 16
      let found = -1
      for (let at = this.scanFrom; at <= last; at++) {
        if (this.bytes[at] === 0x50 && this.u32(at) === DATA_DESCRIPTOR &&
            this.u32(at + 8) === at - this.dataStart) {
          found = at
          break
        }
      }
      if (found < 0) {
        this.scanFrom = Math.max(this.scanFrom, last + 1)
        return
      }
      this.entries += 1
      this.cursor = found + 16
      this.dataStart = -1
    }
  }

  blob () {
    return new Blob([this.bytes.subarray(0, this.length)], { type: 'application/zip' })
  }
}

function plural (count, word) {
  return `${count.toLocaleString('en-GB')} ${word}${count === 1 ? '' : 's'}`
}

function filenameOf (response, fallback) {
  const header = response.headers.get('Content-Disposition') || ''
  const match = /filename="([^"]+)"/.exec(header)
  return match ? match[1] : fallback
}

async function prepare (root) {
  const url = root.dataset.hrsaBundleUrl
  const status = root.querySelector('[data-hrsa-bundle-status]')
  const bar = root.querySelector('[data-hrsa-bundle-bar]')
  const progress = root.querySelector('[data-hrsa-bundle-progress]')
  const plain = root.querySelector('[data-hrsa-bundle-plain]')
  const ready = root.querySelector('[data-hrsa-bundle-ready]')
  const saveLink = root.querySelector('[data-hrsa-bundle-save]')
  let total = Number(root.dataset.hrsaBundleTotal) || 0

  const say = (text) => { if (status.textContent !== text) status.textContent = text }
  const fail = () => {
    progress.hidden = true
    plain.hidden = false
    root.querySelector('[data-hrsa-bundle-error]').hidden = false
  }

  plain.hidden = true
  progress.hidden = false
  say(`Preparing 0 of ${plural(total, 'report')}`)
  try {
    const response = await fetch(url, { credentials: 'same-origin' })
    if (!response.ok || !response.body) throw new Error(`status ${response.status}`)
    total = Number(response.headers.get('X-Report-Count')) || total
    bar.max = Math.max(total, 1)
    const counter = new ZipCounter()
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      const finished = Math.min(counter.push(value), total)
      bar.value = finished
      say(`Preparing ${finished.toLocaleString('en-GB')} of ${plural(total, 'report')}`)
    }
    if (!counter.finished) throw new Error('the archive ended early')
    bar.value = bar.max
    const href = URL.createObjectURL(counter.blob())
    saveLink.href = href
    saveLink.download = filenameOf(response, saveLink.getAttribute('download') || 'reports.zip')
    progress.hidden = true
    ready.hidden = false
    say(`Your ZIP of ${plural(counter.entries, 'report')} is ready`)
    saveLink.click()
  } catch (error) {
    fail()
  }
}

const root = document.querySelector('[data-hrsa-bundle-url]')
if (root && window.fetch && window.ReadableStream) {
  prepare(root)
}
