// The dashboard's fault form shows (and sends) only the fields of the chosen kind of fault.
;(() => {
  'use strict'
  const kind = document.getElementById('fault-kind')
  if (!kind) return
  const groups = document.querySelectorAll('#fault-form [data-kinds]')
  const update = () => {
    for (const group of groups) {
      const on = group.dataset.kinds.split(' ').includes(kind.value)
      group.hidden = !on
      for (const input of group.querySelectorAll('input')) input.disabled = !on
    }
  }
  kind.addEventListener('change', update)
  update()
})()
