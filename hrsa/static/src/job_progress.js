// A background job's page (templates/jobs/show.html): while the file is being prepared, ask
// /jobs/<id>/status every two seconds and show how far it has got; once the job is done, load
// the page again, which then offers the download (or says what went wrong).
// Without JavaScript the page refreshes itself (a meta refresh inside <noscript>).

const root = document.querySelector('[data-hrsa-job-status]')

async function poll () {
  try {
    const response = await fetch(root.dataset.hrsaJobStatus, { credentials: 'same-origin' })
    if (response.ok) {
      const status = await response.json()
      if (status.finished) {
        window.location.reload()
        return
      }
      const words = root.querySelector('[data-hrsa-job-words]')
      if (words.textContent !== status.words) words.textContent = status.words
      const bar = root.querySelector('[data-hrsa-job-bar]')
      if (bar && status.total) {
        bar.max = status.total
        bar.value = status.done
      }
    }
  } catch (error) {
    // A moment without the network: try again at the next tick.
  }
  window.setTimeout(poll, 2000)
}

if (root && window.fetch) {
  window.setTimeout(poll, 2000)
}
