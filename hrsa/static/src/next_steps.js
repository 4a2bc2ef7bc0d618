// Next steps are for Red and Amber ratings: while Green is chosen the field is hidden (it stays
// in the form, so nothing typed is lost) and it comes back for any other choice. A field showing
// an error is never hidden. Without JavaScript the field is always there, and optional.
for (const field of document.querySelectorAll('[data-hrsa-next-steps]')) {
  const radios = document.querySelectorAll(`input[name="rag-${CSS.escape(field.dataset.hrsaNextSteps)}"]`)
  const update = () => {
    const green = Array.from(radios).some((radio) => radio.checked && radio.value === 'green')
    field.hidden = green && !field.querySelector('.govuk-form-group--error')
  }
  radios.forEach((radio) => radio.addEventListener('change', update))
  update()
}
