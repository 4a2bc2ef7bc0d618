// Evidence uploads without waiting for the page's Save button (progressive enhancement).
//
// Any <input type="file" data-hrsa-upload-url="..."> uploads each chosen file on its own to
// that address, shows its progress and then its result (accepted, or why it was refused) in a
// polite live region after the input, and adds accepted files to the standard's evidence list,
// [data-hrsa-evidence-list="<code>"] (with a Remove checkbox if the list has
// data-hrsa-removable="true"), hiding the standard's "No documents or links yet." line,
// [data-hrsa-evidence-empty="<code>"] (both in templates/assessment/_evidence_list.html).
// A file's size is shown as the server words it (size_label), so it reads the same after a
// reload. The input is emptied at once so the page's own save does not send the same files
// again. Without JavaScript the files go with the page's form instead.
//
// The CSP allows no inline styles: everything here sets classes, never style attributes.

const RESULT_ACCEPTED = 'hrsa-upload-result--accepted'
const RESULT_REJECTED = 'hrsa-upload-result--rejected'

function csrfToken (input) {
  const scope = input.form || document
  const field = scope.querySelector('input[name="csrf_token"]') ||
    document.querySelector('input[name="csrf_token"]')
  return field ? field.value : ''
}

function standardCode (input) {
  if (input.dataset.hrsaStandard) return input.dataset.hrsaStandard
  const match = /\/standards\/([^/]+)\/evidence/.exec(input.dataset.hrsaUploadUrl || '')
  return match ? decodeURIComponent(match[1]) : ''
}

function statusRegion (input) {
  const id = `${input.id || 'hrsa-upload'}-status`
  let region = document.getElementById(id)
  if (!region) {
    region = document.createElement('div')
    region.id = id
    region.className = 'hrsa-upload-status'
    region.setAttribute('aria-live', 'polite')
    const list = document.createElement('ul')
    list.className = 'govuk-list'
    region.appendChild(list)
    input.insertAdjacentElement('afterend', region)
  }
  return region.querySelector('ul')
}

// Only for the size limit, checked here before sending; mirrors hrsa.formatting.file_size.
function sizeLabel (size) {
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
  if (size >= 1024) return `${Math.round(size / 1024)} KB`
  return size === 1 ? '1 byte' : `${size} bytes`
}

function showProgress (line, fileName) {
  line.textContent = ''
  const label = document.createElement('span')
  label.className = 'govuk-body-s'
  label.textContent = `Uploading ${fileName}`
  const progress = document.createElement('progress')
  progress.className = 'hrsa-progress'
  progress.max = 100
  progress.value = 0
  progress.setAttribute('aria-label', `Uploading ${fileName}`)
  line.append(label, progress)
  return progress
}

function showResult (line, accepted, message) {
  line.textContent = ''
  const text = document.createElement('span')
  text.className = accepted ? RESULT_ACCEPTED : RESULT_REJECTED
  if (!accepted) {
    const hidden = document.createElement('span')
    hidden.className = 'govuk-visually-hidden'
    hidden.textContent = 'Error: '
    text.appendChild(hidden)
  }
  text.appendChild(document.createTextNode(message))
  line.appendChild(text)
}

function addToEvidenceList (code, result) {
  const list = code && document.querySelector(`[data-hrsa-evidence-list="${CSS.escape(code)}"]`)
  if (!list) return
  const item = document.createElement('li')
  const link = document.createElement('a')
  link.className = 'govuk-link'
  link.href = result.download_url
  link.textContent = result.title
  const size = document.createElement('span')
  size.className = 'govuk-body-s'
  size.textContent = `(${result.size_label})`
  const title = document.createElement('span')
  title.className = 'hrsa-evidence-item__title'
  title.append(link, ' ', size)
  item.appendChild(title)
  if (list.dataset.hrsaRemovable === 'true') {
    item.appendChild(removeCheckbox(result))
  }
  list.appendChild(item)
  list.hidden = false
  // A "No documents yet" line for this standard, if the page has one, is no longer true.
  const empty = document.querySelector(`[data-hrsa-evidence-empty="${CSS.escape(code)}"]`)
  if (empty) empty.hidden = true
}

function removeCheckbox (result) {
  const wrapper = document.createElement('div')
  wrapper.className = 'govuk-checkboxes govuk-checkboxes--small hrsa-evidence-item__remove'
  const row = document.createElement('div')
  row.className = 'govuk-checkboxes__item'
  const box = document.createElement('input')
  box.className = 'govuk-checkboxes__input'
  box.type = 'checkbox'
  box.name = 'remove_evidence'
  box.value = String(result.id)
  box.id = `remove-${result.id}`
  const label = document.createElement('label')
  label.className = 'govuk-label govuk-checkboxes__label'
  label.htmlFor = box.id
  label.textContent = 'Remove'
  const hidden = document.createElement('span')
  hidden.className = 'govuk-visually-hidden'
  hidden.textContent = ` ${result.title}`
  label.appendChild(hidden)
  row.append(box, label)
  wrapper.appendChild(row)
  return wrapper
}

function failureMessage (fileName, status) {
  if (status === 413) return `${fileName} is larger than this service accepts: choose a smaller file`
  if (status === 403) return `${fileName} was not uploaded: you cannot add evidence to this assessment`
  if (status === 400) return `${fileName} was not uploaded: refresh the page and try again`
  return `${fileName} was not uploaded: try again, or choose it again and save the page`
}

function uploadOne (input, file, line) {
  return new Promise((resolve) => {
    const progress = showProgress(line, file.name)
    const data = new FormData()
    data.append('files', file, file.name)
    const request = new XMLHttpRequest()
    request.open('POST', input.dataset.hrsaUploadUrl)
    request.setRequestHeader('X-CSRFToken', csrfToken(input))
    request.setRequestHeader('Accept', 'application/json')
    request.responseType = 'json'
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100)
    })
    request.addEventListener('load', () => {
      const results = request.response && request.response.results
      if (request.status !== 200 || !Array.isArray(results) || results.length === 0) {
        showResult(line, false, failureMessage(file.name, request.status))
      } else {
        for (const result of results) {
          if (result.accepted) {
            showResult(line, true, `${result.title} uploaded`)
            addToEvidenceList(standardCode(input), result)
          } else {
            showResult(line, false, result.message)
          }
        }
      }
      resolve()
    })
    request.addEventListener('error', () => {
      showResult(line, false, failureMessage(file.name, 0))
      resolve()
    })
    request.send(data)
  })
}

async function uploadChosen (input) {
  const files = Array.from(input.files || [])
  if (files.length === 0) return
  // Empty the input at once, so saving the page meanwhile does not send these files twice.
  input.value = ''
  const list = statusRegion(input)
  const maxBytes = Number(input.dataset.hrsaMaxBytes || 0)
  const lines = files.map(() => list.appendChild(document.createElement('li')))
  for (const [index, file] of files.entries()) {
    if (maxBytes && file.size > maxBytes) {
      showResult(lines[index], false, `${file.name} is larger than ${sizeLabel(maxBytes)}: choose a smaller file`)
      continue
    }
    await uploadOne(input, file, lines[index])
  }
}

export function enhanceUploads (root = document) {
  for (const input of root.querySelectorAll('input[type="file"][data-hrsa-upload-url]')) {
    if (input.dataset.hrsaUploadReady) continue
    input.dataset.hrsaUploadReady = 'true'
    input.addEventListener('change', () => { uploadChosen(input) })
  }
}

if (typeof XMLHttpRequest !== 'undefined' && typeof FormData !== 'undefined') {
  enhanceUploads()
}
