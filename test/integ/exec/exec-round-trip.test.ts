// The Exec round-trip assertion against a local websocket server that plays the SSM agent's side
// of the data channel: token handshake, session-type handshake, output frames that must be
// acknowledged, and channel_closed.
import { AddressInfo } from 'net';
import { WebSocketServer, WebSocket } from 'ws';
import { handler } from '../../../integ/exec/exec-round-trip.lambda';
import { AgentMessage, decode, encode, PayloadType } from '../../../integ/exec/ssm-protocol';

type Agent = (socket: WebSocket, received: AgentMessage[]) => void;

let server: WebSocketServer;
let url: string;
let received: AgentMessage[];
let tokens: string[];

async function agent(behaviour: Agent): Promise<void> {
  received = [];
  tokens = [];
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/data-channel/session-1`;
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const open = JSON.parse(data.toString());
        tokens.push(open.TokenValue);
        if (open.TokenValue !== 'token-1') return socket.close(4001, 'invalid token');
        return behaviour(socket, received);
      }
      received.push(decode(Buffer.from(data as Buffer)));
    });
  });
}

afterEach(() => new Promise((resolve) => server.close(resolve)));

let sequence = 0;
const output = (payloadType: number, payload: string) =>
  encode({ messageType: 'output_stream_data', sequenceNumber: sequence++, flags: 0, payloadType, payload: Buffer.from(payload) });
const closed = () => encode({ messageType: 'channel_closed', sequenceNumber: sequence++, flags: 0, payloadType: 0, payload: Buffer.from('{}') });
const handshake = (actions: string[]) => output(PayloadType.HANDSHAKE_REQUEST, JSON.stringify({
  AgentVersion: '3.3.1611.0',
  RequestedClientActions: actions.map((ActionType) => ({ ActionType, ActionParameters: {} })),
}));

// The agent's side: handshake, then the command's output once the client answered it.
const execAgent: Agent = (socket, got) => {
  socket.send(handshake(['SessionType']));
  const wait = setInterval(() => {
    if (!got.some((m) => m.payloadType === PayloadType.HANDSHAKE_RESPONSE)) return;
    clearInterval(wait);
    socket.send(output(PayloadType.HANDSHAKE_COMPLETE, '{}'));
    socket.send(output(PayloadType.OUTPUT, 'exec-'));
    socket.send(output(PayloadType.OUTPUT, 'ok\r\n'));
    socket.send(closed());
  }, 5);
};

test('answers the handshake, acknowledges every output frame, and returns the command output', async () => {
  await agent(execAgent);
  const result = await handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 5000 });
  expect(result).toEqual({ output: 'exec-ok\r\n', matched: true, ended: 'matched' });
  expect(tokens).toEqual(['token-1']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const response = received.find((m) => m.payloadType === PayloadType.HANDSHAKE_RESPONSE)!;
  expect(JSON.parse(response.payload.toString())).toEqual({ ClientVersion: '1.2.0.0', ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }], Errors: [] });
  const acks = received.filter((m) => m.messageType === 'acknowledge').map((m) => JSON.parse(m.payload.toString()).AcknowledgedMessageType);
  expect(acks.length).toBeGreaterThanOrEqual(3);
  expect(new Set(acks)).toEqual(new Set(['output_stream_data']));
});

test('output that never contains the expected text ends with channel_closed, unmatched', async () => {
  await agent((socket) => {
    socket.send(output(PayloadType.OUTPUT, 'sh: echo: not found\r\n'));
    socket.send(closed());
  });
  expect(await handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 5000 }))
    .toEqual({ output: 'sh: echo: not found\r\n', matched: false, ended: 'channel_closed' });
});

test('a session that never answers times out with what to check', async () => {
  await agent(() => undefined);
  await expect(handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 300 })).rejects.toThrow(
    "no 'exec-ok' from the session within 300 ms (output so far: \"\"). The agent in the task did not answer through ssmmessages: "
    + 'check the ssmmessages endpoint, its security group, the Exec KMS key and log group.',
  );
});

test('a garbled frame fails the assertion', async () => {
  await agent((socket) => socket.send(Buffer.from('not a session manager message at all, but long enough to have a header of some sort'.repeat(3))));
  await expect(handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 5000 })).rejects.toThrow(
    'the session sent a frame that is not a Session Manager message: a frame with header length',
  );
});

test('a frame whose payload does not match its digest fails the assertion', async () => {
  await agent((socket) => {
    const frame = output(PayloadType.OUTPUT, 'exec-ok');
    frame[frame.length - 1] = frame[frame.length - 1] === 0x21 ? 0x22 : 0x21;
    socket.send(frame);
  });
  await expect(handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 5000 })).rejects.toThrow('a message whose payload does not match its digest');
});

test('a session that asks for KMS encryption is refused with the reason', async () => {
  await agent((socket) => socket.send(handshake(['SessionType', 'KMSEncryption'])));
  await expect(handler({ streamUrl: url, tokenValue: 'token-1', expect: 'exec-ok', timeoutMs: 5000 })).rejects.toThrow(
    'the session asks for KMS encryption of its data channel, which this assertion does not speak',
  );
});

test('a refused token: the service closes the stream, and the result says so', async () => {
  await agent(execAgent);
  expect(await handler({ streamUrl: url, tokenValue: 'stale', expect: 'exec-ok', timeoutMs: 5000 }))
    .toEqual({ output: '', matched: false, ended: 'closed by the service (code 4001)' });
});

test('messages survive an encode and decode unchanged', () => {
  const message = decode(encode({ messageType: 'input_stream_data', sequenceNumber: 42, flags: 1, payloadType: 1, payload: Buffer.from('ls\n'), messageId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }));
  expect(message).toMatchObject({ messageType: 'input_stream_data', sequenceNumber: 42, flags: 1, payloadType: 1, messageId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' });
  expect(message.payload.toString()).toBe('ls\n');
});
