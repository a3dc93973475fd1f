// A minimal Node.js JS-SDK signer: the yardstick the dev server's load test
// (scripts/bench/loadtest) measures itself against on the same machine.
//
// It follows the TypeScript template of WeCom's JS-SDK guide (section 7.2, "服务端签名服务",
// in shared/reference/design-notes/wecom-jssdk-skill.zh.txt): a corp ticket cached in memory
// and fetched again 300 s before it expires, and makeSignature = hex SHA-1 of
// "jsapi_ticket=T&noncestr=N&timestamp=TS&url=U" with a dashless UUID for the nonce. Like the
// template it has no guard against concurrent fetches: requests that arrive while the ticket
// is being fetched each fetch it. The access token the template gets from wecom-core is
// cached here the same way. No npm dependencies: node:http, node:crypto and global fetch.
//
// Environment: WECOM_API_BASE (default https://qyapi.weixin.qq.com), WECOM_CORP_ID,
// WECOM_CORP_SECRET, PORT (0 or unset: a free port). Serves on 127.0.0.1
//   GET /api/jssdk/config-signature?url=PAGE_URL → {"timestamp","nonceStr","signature"}
// and prints one line, "listening PORT", on stdout when ready. The secret, the token and the
// ticket are never printed or returned.

import http from 'node:http';
import crypto from 'node:crypto';

const apiBase = (process.env.WECOM_API_BASE || 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
const corpId = process.env.WECOM_CORP_ID || '';
const corpSecret = process.env.WECOM_CORP_SECRET || '';
const port = Number(process.env.PORT || 0);

const REFRESH_AHEAD_S = 300;

// A WeCom error: only the code and WeCom's message, never the request URL (it carries the
// secret or the token).
class WeComError extends Error {
  constructor(path, errcode, errmsg) {
    super(`${path}: errcode ${errcode}: ${errmsg}`);
    this.errcode = errcode;
  }
}

// The part of wecom-core the template relies on: the access token, cached, and request().
class WeComClient {
  token = '';
  tokenExpiresAt = 0;

  async call(path, query) {
    const u = new URL(`${apiBase}/cgi-bin${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    let resp;
    try {
      resp = await fetch(u, { signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new Error(`${path}: ${err.cause?.code || err.name}`);
    }
    if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
    const body = await resp.json();
    if (body.errcode) throw new WeComError(path, body.errcode, body.errmsg);
    return body;
  }

  async getToken() {
    const now = Date.now() / 1000;
    if (this.token && now < this.tokenExpiresAt - REFRESH_AHEAD_S) {
      return this.token;
    }
    const resp = await this.call('/gettoken', { corpid: corpId, corpsecret: corpSecret });
    this.token = resp.access_token;
    this.tokenExpiresAt = now + (resp.expires_in || 7200);
    return this.token;
  }

  async request(method, path, query = {}) {
    const token = await this.getToken();
    return this.call(path, { ...query, access_token: token });
  }
}

// The template's JsSdkService, corp ticket only (getConfigSignature).
class JsSdkService {
  corpTicket = '';
  corpTicketExpiresAt = 0;

  constructor(client) {
    this.client = client;
  }

  async getCorpTicket() {
    const now = Date.now() / 1000;
    if (this.corpTicket && now < this.corpTicketExpiresAt - REFRESH_AHEAD_S) {
      return this.corpTicket;
    }
    const resp = await this.client.request('GET', '/get_jsapi_ticket');
    this.corpTicket = resp.ticket;
    this.corpTicketExpiresAt = now + (resp.expires_in || 7200);
    return this.corpTicket;
  }

  static makeSignature(ticket, url) {
    const nonceStr = crypto.randomUUID().replace(/-/g, '');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signStr = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
    const signature = crypto.createHash('sha1').update(signStr).digest('hex');
    return { timestamp, nonceStr, signature };
  }

  async getConfigSignature(url) {
    const ticket = await this.getCorpTicket();
    return JsSdkService.makeSignature(ticket, url);
  }
}

const service = new JsSdkService(new WeComClient());

function reply(res, status, body) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
  });
  res.end(data);
}

const server = http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' || u.pathname !== '/api/jssdk/config-signature') {
    reply(res, 404, { error: 'not found' });
    return;
  }
  const pageURL = u.searchParams.get('url');
  if (!pageURL) {
    reply(res, 400, { error: 'url is required' });
    return;
  }
  try {
    reply(res, 200, await service.getConfigSignature(pageURL));
  } catch (err) {
    console.error(`node-signer: ${err.message}`);
    reply(res, 502, { error: err.message });
  }
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)).closeAllConnections());
}
