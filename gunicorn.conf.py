"""gunicorn's production settings for hrsa: `gunicorn -c gunicorn.conf.py 'hrsa:create_app()'`.

Every value can be changed by the environment without editing this file. No request is meant to
come near the timeout: long work (every school's reports, whole-city exports) belongs in
background jobs, so a request that hits it is a fault to look at, not a download to wait for.
"""

import multiprocessing
import os

bind = os.environ.get("HRSA_BIND", "127.0.0.1:8000")
# Two workers a core and one more is gunicorn's advice; threads let a worker wait on the
# database or the store for one request while it serves another, and let sign-ins waiting for
# one of the machine's few password-hashing slots (HRSA_HASH_SLOTS) wait without holding up
# every other page.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("HRSA_THREADS", "4"))
timeout = int(os.environ.get("HRSA_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The access log, with the request id hrsa sends back, to join it to the application's lines.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
# The reverse proxy in front (set HRSA_PROXY_COUNT too, for the client address in rate limits).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
