"""The Elders screen: search the register, read a record, register and edit elders."""
