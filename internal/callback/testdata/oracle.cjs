// The independent oracle for crypto_test.go: the official npm package @wecom/crypto
// (pinned in frontend/package.json) decrypts what Go encrypted, encrypts what Go will
// decrypt, and signs. Usage: node oracle.cjs <path to @wecom/crypto> <cases.json>
'use strict';
const fs = require('fs');
const wecom = require(process.argv[2]);
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const out = cases.map((c) => {
  const dec = wecom.decrypt(c.key, c.goEnc);
  return {
    decMessage: dec.message,
    decID: dec.id,
    signature: wecom.getSignature(c.token, c.timestamp, c.nonce, c.goEnc),
    sameRandomEnc: wecom.encrypt(c.key, c.message, c.id, Buffer.from(c.random, 'hex')),
    ownEnc: wecom.encrypt(c.key, c.message, c.id),
  };
});
process.stdout.write(JSON.stringify(out));
