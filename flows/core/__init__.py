"""What every flow runs on: context, form engine, commands, menu, ports, the event bus."""
