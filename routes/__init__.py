"""The web layer: thin Flask blueprints that parse requests, call one service (``services/``),
and render or answer JSON (records become JSON here only). ``routes.web`` attaches them; this
package itself imports nothing, so that a light module (``routes.cli_priority``) loads alone."""
