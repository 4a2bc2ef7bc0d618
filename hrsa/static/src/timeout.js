// GOV.UK's "you'll be signed out soon" warning, on pages with a form (progressive enhancement).
//
// The server ends a session after HRSA_SESSION_IDLE_MINUTES without a request
// (hrsa/auth/sessions.py). Two minutes before that, a modal <dialog> (focus moves into it and
// is kept there by the browser; Escape is the same as "Stay signed in") says so and counts down.
// "Stay signed in" posts to the keep-alive address, which counts as using the service. If time
// runs out the dialog says the person has been signed out and leaves the page as it is, so
// nothing typed is lost: they can copy it, sign in again and come back to this page.
//
// No inline script or style (the CSP forbids both): behaviour here, looks in app.scss.

const WARN_BEFORE_SECONDS = 120

function hasForm () {
  return Array.from(document.querySelectorAll('form')).some(function (form) {
    return (form.getAttribute('method') || '').toLowerCase() === 'post' &&
      !/\/sign-out$/.test(form.getAttribute('action') || '')
  })
}

function csrfToken () {
  const field = document.querySelector('input[name="csrf_token"]')
  return field ? field.value : ''
}

function wording (seconds) {
  if (seconds >= 60) {
    const minutes = Math.round(seconds / 60)
    return minutes + (minutes === 1 ? ' minute' : ' minutes')
  }
  return seconds + (seconds === 1 ? ' second' : ' seconds')
}

function start (dialog) {
  const idle = parseInt(dialog.dataset.hrsaIdleSeconds, 10)
  if (!idle || typeof dialog.showModal !== 'function') return
  const warnBefore = Math.min(WARN_BEFORE_SECONDS, Math.floor(idle / 2))
  const countdown = dialog.querySelector('[data-hrsa-timeout-countdown]')
  const warning = dialog.querySelector('[data-hrsa-timeout-warning]')
  const ended = dialog.querySelector('[data-hrsa-timeout-ended]')
  let lastActive = Date.now()
  let ticker = null
  let returnFocus = null

  function secondsLeft () {
    return Math.ceil(idle - (Date.now() - lastActive) / 1000)
  }

  function showEnded () {
    clearInterval(ticker)
    warning.hidden = true
    ended.hidden = false
    ended.querySelector('h2').focus()
  }

  function tick () {
    const left = secondsLeft()
    if (left <= 0) {
      showEnded()
      return
    }
    // Minutes while there are more than one, then every 15 seconds: screen readers hear the
    // text only when it changes, and not every second.
    const shown = left > 60 ? Math.ceil(left / 60) * 60 : Math.ceil(left / 15) * 15
    const text = wording(shown)
    if (countdown.textContent !== text) countdown.textContent = text
  }

  function warn () {
    if (dialog.open) return
    returnFocus = document.activeElement
    warning.hidden = false
    ended.hidden = true
    dialog.showModal()
    dialog.querySelector('#hrsa-timeout-heading').focus()
    tick()
    ticker = setInterval(tick, 1000)
  }

  function stay () {
    fetch(dialog.dataset.hrsaKeepAliveUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrfToken() }
    }).then(function (response) {
      if (response.status !== 204) {
        showEnded()
        return
      }
      lastActive = Date.now()
      clearInterval(ticker)
      dialog.close()
      if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus()
      schedule()
    }).catch(showEnded)
  }

  let timer = null
  function schedule () {
    clearTimeout(timer)
    timer = setTimeout(warn, Math.max(0, (idle - warnBefore) * 1000 - (Date.now() - lastActive)))
  }

  dialog.querySelector('[data-hrsa-timeout-stay]').addEventListener('click', stay)
  dialog.querySelector('[data-hrsa-timeout-close]').addEventListener('click', function () {
    dialog.close()
    if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus()
  })
  dialog.addEventListener('cancel', function (event) {
    // Escape: while the warning shows it means "stay"; once signed out it just closes.
    if (!warning.hidden) {
      event.preventDefault()
      stay()
    }
  })
  schedule()
}

const dialog = document.getElementById('hrsa-timeout-dialog')
if (dialog && hasForm()) start(dialog)
