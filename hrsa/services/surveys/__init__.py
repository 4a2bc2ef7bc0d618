"""Surveys of pupils, staff and parents and carers: opening and closing them (`running`), taking
anonymous answers (`responding`), a school's results beside its ratings (`results`) and the
city's figures (`city`). Every figure comes with its number of responses, and below the
small-number threshold it is not shown at all."""
