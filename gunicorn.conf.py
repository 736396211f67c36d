"""gunicorn settings for Linux servers (README, "Serving many users"):
``.venv/bin/gunicorn -c gunicorn.conf.py 'app:create_app()'``. Every JIANGLE_* variable applies as
for ``python app.py``."""

import multiprocessing
import os

bind = f"{os.environ.get('JIANGLE_HOST', '127.0.0.1')}:{os.environ.get('JIANGLE_PORT', '5000')}"
# Processes use the cores (the map, tour and print code is CPU-bound Python); threads let a
# process wait on the database or on a print job while it answers others.
workers = int(os.environ.get("JIANGLE_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("JIANGLE_THREADS", "8"))
worker_class = "gthread"
# The hard time limit of one request: a worker silent this long is restarted. Heavy work runs as
# background jobs, and a print request waits at most JIANGLE_PRINT_WAIT seconds.
timeout = int(os.environ.get("JIANGLE_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
accesslog = "-"
