FrOm alpine
Run echo mixed
wOrKdIr /app
EntryPoint ["sh"]
