#!/bin/sh
# One run of the scheduled job: one message naming the task. A call that cannot reach its endpoint
# hangs and then fails, the job exits non-zero, and the assertion times out.
set -eu
aws sqs send-message --queue-url "$QUEUE_URL" --message-body "job-ok from $(hostname)" --cli-read-timeout 20 --cli-connect-timeout 10
echo "job-ok: sent a message to SQS"
