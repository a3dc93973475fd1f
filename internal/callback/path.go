package callback

// DefaultPath is where the dev server receives WeCom's callbacks: the tunnel's public URL
// plus this path is what goes into the admin console's 接收消息 URL (one home for it: the dev
// server's receiver and `wecomdev callback show` both use it).
const DefaultPath = "/__wecomdev/callback"
