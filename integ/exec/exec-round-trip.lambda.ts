// A custom assertion of the integ tests, run outside the VPC: opens the Session Manager stream of
// an ECS Exec session (the stream URL and token that ExecuteCommand returned), speaks the data
// channel as session-manager-plugin does (token handshake, acknowledgements, the session-type
// handshake), and returns what the command printed. The SSM agent in the task answers only if it
// reached ssmmessages through the VPC's endpoint, so the output proves Exec end to end.
import { randomUUID } from 'crypto';
import WebSocket from 'ws';
import { acknowledgement, AgentMessage, decode, encode, PayloadType } from './ssm-protocol';

export interface RoundTripRequest {
  readonly streamUrl: string;
  readonly tokenValue: string;
  /** Text the output must contain; the session is left as soon as it does. */
  readonly expect: string;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

export interface RoundTripResult {
  readonly output: string;
  readonly matched: boolean;
  /** Why the session ended: 'matched', 'channel_closed', or the error. */
  readonly ended: string;
}

export async function handler(request: RoundTripRequest): Promise<RoundTripResult> {
  const timeoutMs = request.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(request.streamUrl);
    let output = '';
    let outgoing = 0;
    const finish = (ended: string) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      // A normal close flushes the acknowledgements already sent, so the agent ends the session cleanly.
      ws.close(1000);
      resolve({ output, matched: output.includes(request.expect), ended });
    };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no '${request.expect}' from the session within ${timeoutMs} ms (output so far: ${JSON.stringify(output.slice(-500))}). `
        + 'The agent in the task did not answer through ssmmessages: check the ssmmessages endpoint, its security group, the Exec KMS key and log group.'));
    }, timeoutMs);

    ws.on('open', () => {
      ws.send(JSON.stringify({ MessageSchemaVersion: '1.0', RequestId: randomUUID(), TokenValue: request.tokenValue, ClientId: randomUUID(), ClientVersion: '1.2.0.0' }));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return; // the service's text frames carry nothing the client must answer
      let message: AgentMessage;
      try {
        message = decode(Buffer.from(data));
      } catch (e: any) {
        clearTimeout(timer);
        ws.terminate();
        return reject(new Error(`the session sent a frame that is not a Session Manager message: ${e.message}`));
      }
      if (message.messageType === 'channel_closed') return finish('channel_closed');
      if (message.messageType !== 'output_stream_data') return;
      ws.send(acknowledgement(message));
      if (message.payloadType === PayloadType.HANDSHAKE_REQUEST) {
        const handshake = JSON.parse(message.payload.toString('utf8'));
        const actions = (handshake.RequestedClientActions ?? []).map((a: any) => a.ActionType);
        if (actions.includes('KMSEncryption')) {
          clearTimeout(timer);
          ws.terminate();
          return reject(new Error('the session asks for KMS encryption of its data channel, which this assertion does not speak; assert Exec on a cluster without execKmsKey.'));
        }
        ws.send(encode({
          messageType: 'input_stream_data',
          sequenceNumber: outgoing++,
          flags: 0,
          payloadType: PayloadType.HANDSHAKE_RESPONSE,
          payload: Buffer.from(JSON.stringify({
            ClientVersion: '1.2.0.0',
            ProcessedClientActions: actions.map((ActionType: string) => ({ ActionType, ActionStatus: 1 })),
            Errors: [],
          })),
        }));
        return;
      }
      if (message.payloadType === PayloadType.OUTPUT) {
        output += message.payload.toString('utf8');
        if (output.includes(request.expect)) finish('matched');
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`the Session Manager stream failed: ${error.message}`));
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, matched: output.includes(request.expect), ended: `closed by the service (code ${code})` });
    });
  });
}
