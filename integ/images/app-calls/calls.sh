#!/bin/sh
# Sends one message and writes one item, each naming the task, then stays up for the assertions.
# A call that cannot reach its endpoint hangs and then fails, and the task exits: the assertions time out.
set -eu
task=$(hostname)
aws sqs send-message --queue-url "$QUEUE_URL" --message-body "calls-ok from $task" --cli-read-timeout 20 --cli-connect-timeout 10
aws dynamodb put-item --table-name "$TABLE_NAME" --item '{"pk":{"S":"calls-ok"},"task":{"S":"'"$task"'"}}' --cli-read-timeout 20 --cli-connect-timeout 10
echo "calls-ok: sent a message to SQS and wrote an item to DynamoDB"
exec sleep 3600
