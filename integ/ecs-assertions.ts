// Assertions shared by the integ tests: they run after deployment, from Lambda functions outside
// the VPC, through the ECS API.
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import { ExecRoundTripFunction } from './exec/exec-round-trip-function';

// A Fargate task in an isolated VPC pulls its image through PrivateLink and starts in 1 to 3
// minutes; CloudFormation already waited for the service to be stable, so this is a margin.
const WAIT = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(20) };

/**
 * Waits until the service runs `count` tasks and returns the call whose `taskArns.N` name them.
 */
export function assertTasksRunning(integ: IntegTest, cluster: string, serviceName: string, count: number): IApiCall {
  const list = integ.assertions
    .awsApiCall('ECS', 'listTasks', { cluster, serviceName, desiredStatus: 'RUNNING' }, ['taskArns'])
    .assertAtPath(`taskArns.${count - 1}`, ExpectedResult.stringLikeRegexp(':task/'))
    .waitForAssertions(WAIT);
  let last: IApiCall = list;
  for (let i = 0; i < count; i++) {
    const running = integ.assertions
      .awsApiCall('ECS', 'describeTasks', { cluster, tasks: [list.getAttString(`taskArns.${i}`)] })
      .assertAtPath('tasks.0.lastStatus', ExpectedResult.exact('RUNNING'))
      .waitForAssertions(WAIT);
    last = last.next(running);
  }
  return list;
}

/**
 * Proves ECS Exec works over SSM on the service's first task: the SSM agent in the task reached
 * ssmmessages through the endpoint (its managed agent is RUNNING), ExecuteCommand opens a Session
 * Manager session whose stream URL is the ssmmessages websocket, and a function outside the VPC
 * speaks that stream until the command's output, `exec-ok`, comes back from the task.
 */
export function assertExecWorks(integ: IntegTest, cluster: string, tasks: IApiCall, container: string): void {
  const task = tasks.getAttString('taskArns.0');
  const agentName = integ.assertions
    .awsApiCall('ECS', 'describeTasks', { cluster, tasks: [task] })
    .assertAtPath('tasks.0.containers.0.managedAgents.0.name', ExpectedResult.exact('ExecuteCommandAgent'));
  const agentRunning = integ.assertions
    .awsApiCall('ECS', 'describeTasks', { cluster, tasks: [task] })
    .assertAtPath('tasks.0.containers.0.managedAgents.0.lastStatus', ExpectedResult.exact('RUNNING'))
    .waitForAssertions(WAIT);
  const session = integ.assertions
    .awsApiCall('ECS', 'executeCommand', {
      cluster,
      task,
      container,
      interactive: true,
      command: '/bin/sh -c "echo exec-ok"',
    }, ['session.sessionId', 'session.streamUrl', 'session.tokenValue'])
    .assertAtPath('session.streamUrl', ExpectedResult.stringLikeRegexp('^wss://ssmmessages\\.'));
  // The function lives in the assertion stack: users' test stacks stay as they deploy them.
  const assertionStack = (integ.assertions as unknown as { scope: Stack }).scope;
  const roundTrip = new ExecRoundTripFunction(assertionStack, `ExecRoundTrip${container.replace(/[^A-Za-z0-9]/g, '')}`, { timeout: Duration.minutes(2) });
  const output = integ.assertions
    .invokeFunction({
      functionName: roundTrip.functionName,
      payload: assertionStack.toJsonString({
        streamUrl: session.getAttString('session.streamUrl'),
        tokenValue: session.getAttString('session.tokenValue'),
        expect: 'exec-ok',
        timeoutMs: 90_000,
      }),
    })
    .expect(ExpectedResult.objectLike({ Payload: Match.stringLikeRegexp('"matched":true') }));
  tasks.next(agentName).next(agentRunning).next(session).next(output);
}
