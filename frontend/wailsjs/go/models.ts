export namespace app {
	
	export class CallbackSetup {
	    profile: string;
	    sandbox: boolean;
	    path: string;
	    localUrl: string;
	    publicUrl: string;
	    receiveId: string;
	    keysState: string;
	    tokenMasked: string;
	    aesKeyMasked: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackSetup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.sandbox = source["sandbox"];
	        this.path = source["path"];
	        this.localUrl = source["localUrl"];
	        this.publicUrl = source["publicUrl"];
	        this.receiveId = source["receiveId"];
	        this.keysState = source["keysState"];
	        this.tokenMasked = source["tokenMasked"];
	        this.aesKeyMasked = source["aesKeyMasked"];
	    }
	}
	export class DevEndpoint {
	    name: string;
	    method: string;
	    path: string;
	    url: string;
	
	    static createFrom(source: any = {}) {
	        return new DevEndpoint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.url = source["url"];
	    }
	}
	export class VerifyFile {
	    name: string;
	    content: string;
	    url: string;
	
	    static createFrom(source: any = {}) {
	        return new VerifyFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.content = source["content"];
	        this.url = source["url"];
	    }
	}
	export class DevServerStatus {
	    running: boolean;
	    profile: string;
	    addr: string;
	    baseUrl: string;
	    defaultAddr: string;
	    startedAt: number;
	    endpoints: DevEndpoint[];
	    allowedHosts: string[];
	    tunnelHost: string;
	    upstream: string;
	    emulate: boolean;
	    entry: devserver.PageEntry;
	    testPageUrl: string;
	    verifyFiles: VerifyFile[];
	    requests: number;
	    dropped: number;
	
	    static createFrom(source: any = {}) {
	        return new DevServerStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.profile = source["profile"];
	        this.addr = source["addr"];
	        this.baseUrl = source["baseUrl"];
	        this.defaultAddr = source["defaultAddr"];
	        this.startedAt = source["startedAt"];
	        this.endpoints = this.convertValues(source["endpoints"], DevEndpoint);
	        this.allowedHosts = source["allowedHosts"];
	        this.tunnelHost = source["tunnelHost"];
	        this.upstream = source["upstream"];
	        this.emulate = source["emulate"];
	        this.entry = this.convertValues(source["entry"], devserver.PageEntry);
	        this.testPageUrl = source["testPageUrl"];
	        this.verifyFiles = this.convertValues(source["verifyFiles"], VerifyFile);
	        this.requests = source["requests"];
	        this.dropped = source["dropped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GeneratedKeys {
	    token: string;
	    encodingAESKey: string;
	    setup: CallbackSetup;
	
	    static createFrom(source: any = {}) {
	        return new GeneratedKeys(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.token = source["token"];
	        this.encodingAESKey = source["encodingAESKey"];
	        this.setup = this.convertValues(source["setup"], CallbackSetup);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GroupPage {
	    groups: wecom.GroupRef[];
	    nextCursor: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.groups = this.convertValues(source["groups"], wecom.GroupRef);
	        this.nextCursor = source["nextCursor"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GroupQuery {
	    statusFilter: number;
	    owners: string[];
	    cursor: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new GroupQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.statusFilter = source["statusFilter"];
	        this.owners = source["owners"];
	        this.cursor = source["cursor"];
	        this.limit = source["limit"];
	    }
	}
	export class HostKey {
	    host: string;
	    keyType: string;
	    fingerprint: string;
	    knownHosts: string;
	
	    static createFrom(source: any = {}) {
	        return new HostKey(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.keyType = source["keyType"];
	        this.fingerprint = source["fingerprint"];
	        this.knownHosts = source["knownHosts"];
	    }
	}
	export class KeychainStatus {
	    available: boolean;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new KeychainStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.error = source["error"];
	    }
	}
	export class NetworkState {
	    sessions: devserver.NetSessionSummary[];
	    eruda: boolean;
	    bodyLimit: number;
	
	    static createFrom(source: any = {}) {
	        return new NetworkState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sessions = this.convertValues(source["sessions"], devserver.NetSessionSummary);
	        this.eruda = source["eruda"];
	        this.bodyLimit = source["bodyLimit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OAuthInput {
	    redirect: string;
	    scope: string;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new OAuthInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.redirect = source["redirect"];
	        this.scope = source["scope"];
	        this.state = source["state"];
	    }
	}
	export class OAuthResult {
	    url: string;
	    ok: boolean;
	    findings: diagnose.Finding[];
	
	    static createFrom(source: any = {}) {
	        return new OAuthResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.ok = source["ok"];
	        this.findings = this.convertValues(source["findings"], diagnose.Finding);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PoolView {
	    groups: joinway.PoolGroup[];
	    status: joinway.PoolStatus;
	
	    static createFrom(source: any = {}) {
	        return new PoolView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.groups = this.convertValues(source["groups"], joinway.PoolGroup);
	        this.status = this.convertValues(source["status"], joinway.PoolStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProfileInput {
	    originalName: string;
	    name: string;
	    corpId: string;
	    agentId: number;
	    apiBase: string;
	    trustedDomains: string[];
	
	    static createFrom(source: any = {}) {
	        return new ProfileInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.originalName = source["originalName"];
	        this.name = source["name"];
	        this.corpId = source["corpId"];
	        this.agentId = source["agentId"];
	        this.apiBase = source["apiBase"];
	        this.trustedDomains = source["trustedDomains"];
	    }
	}
	export class ProfileView {
	    name: string;
	    corpId: string;
	    agentId: number;
	    apiBase: string;
	    trustedDomains: string[];
	    sandbox: boolean;
	    secret: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new ProfileView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.corpId = source["corpId"];
	        this.agentId = source["agentId"];
	        this.apiBase = source["apiBase"];
	        this.trustedDomains = source["trustedDomains"];
	        this.sandbox = source["sandbox"];
	        this.secret = source["secret"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class RequestDetail {
	    entry: devserver.Entry;
	    breakdowns: jssdk.Breakdown[];
	
	    static createFrom(source: any = {}) {
	        return new RequestDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entry = this.convertValues(source["entry"], devserver.Entry);
	        this.breakdowns = this.convertValues(source["breakdowns"], jssdk.Breakdown);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TunnelInput {
	    spec: string;
	    identity: string;
	    knownHosts: string;
	    publicUrl: string;
	    publicUrlPattern: string;
	
	    static createFrom(source: any = {}) {
	        return new TunnelInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.spec = source["spec"];
	        this.identity = source["identity"];
	        this.knownHosts = source["knownHosts"];
	        this.publicUrl = source["publicUrl"];
	        this.publicUrlPattern = source["publicUrlPattern"];
	    }
	}
	export class TunnelView {
	    running: boolean;
	    spec: string;
	    status: tunnel.Status;
	    output: string[];
	    hostKey?: HostKey;
	    reach?: reach.Verdict;
	    nginx: string;
	    sshd: string;
	
	    static createFrom(source: any = {}) {
	        return new TunnelView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.spec = source["spec"];
	        this.status = this.convertValues(source["status"], tunnel.Status);
	        this.output = source["output"];
	        this.hostKey = this.convertValues(source["hostKey"], HostKey);
	        this.reach = this.convertValues(source["reach"], reach.Verdict);
	        this.nginx = source["nginx"];
	        this.sshd = source["sshd"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UIMarks {
	    navigation: number;
	    script: number;
	    mounted: number;
	    painted: number;
	
	    static createFrom(source: any = {}) {
	        return new UIMarks(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.navigation = source["navigation"];
	        this.script = source["script"];
	        this.mounted = source["mounted"];
	        this.painted = source["painted"];
	    }
	}

}

export namespace buildinfo {
	
	export class Info {
	    name: string;
	    version: string;
	    commit: string;
	    buildDate: string;
	    goVersion: string;
	    platform: string;
	    dataDir: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.buildDate = source["buildDate"];
	        this.goVersion = source["goVersion"];
	        this.platform = source["platform"];
	        this.dataDir = source["dataDir"];
	    }
	}

}

export namespace callback {
	
	export class Check {
	    code: string;
	    status: string;
	    cause?: string;
	    title: wecom.Text;
	    evidence: wecom.Text;
	    fix: wecom.Text;
	    doc?: string;
	    guess?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Check(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.status = source["status"];
	        this.cause = source["cause"];
	        this.title = this.convertValues(source["title"], wecom.Text);
	        this.evidence = this.convertValues(source["evidence"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.doc = source["doc"];
	        this.guess = source["guess"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Request {
	    method: string;
	    url: string;
	    receiveId: string;
	    status: number;
	    durationMs: number;
	    contentType?: string;
	    location?: string;
	    body: string;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.method = source["method"];
	        this.url = source["url"];
	        this.receiveId = source["receiveId"];
	        this.status = source["status"];
	        this.durationMs = source["durationMs"];
	        this.contentType = source["contentType"];
	        this.location = source["location"];
	        this.body = source["body"];
	        this.error = source["error"];
	    }
	}
	export class Report {
	    url: string;
	    receiveId: string;
	    ok: boolean;
	    console: wecom.Text;
	    checks: Check[];
	    requests: Request[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.receiveId = source["receiveId"];
	        this.ok = source["ok"];
	        this.console = this.convertValues(source["console"], wecom.Text);
	        this.checks = this.convertValues(source["checks"], Check);
	        this.requests = this.convertValues(source["requests"], Request);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace devserver {
	
	export class CallbackInfo {
	    kind: string;
	    eventId?: number;
	    summary?: string;
	    event?: wecom.CallbackEvent;
	    deliveries?: number;
	    duplicate?: boolean;
	    joins?: joinway.Join[];
	    outcome?: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.eventId = source["eventId"];
	        this.summary = source["summary"];
	        this.event = this.convertValues(source["event"], wecom.CallbackEvent);
	        this.deliveries = source["deliveries"];
	        this.duplicate = source["duplicate"];
	        this.joins = this.convertValues(source["joins"], joinway.Join);
	        this.outcome = source["outcome"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CallbackOutcome {
	    joins: joinway.Join[];
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackOutcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.joins = this.convertValues(source["joins"], joinway.Join);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CallbackRecord {
	    id: number;
	    profile: string;
	    // Go type: time
	    receivedAt: any;
	    // Go type: time
	    lastAt: any;
	    deliveries: number;
	    summary: string;
	    xml: string;
	    event: wecom.CallbackEvent;
	    outcome: CallbackOutcome;
	    handled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CallbackRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.profile = source["profile"];
	        this.receivedAt = this.convertValues(source["receivedAt"], null);
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.deliveries = source["deliveries"];
	        this.summary = source["summary"];
	        this.xml = source["xml"];
	        this.event = this.convertValues(source["event"], wecom.CallbackEvent);
	        this.outcome = this.convertValues(source["outcome"], CallbackOutcome);
	        this.handled = source["handled"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatLabel {
	    chatId: string;
	    label: string;
	    profile: string;
	    // Go type: time
	    createdAt: any;
	
	    static createFrom(source: any = {}) {
	        return new ChatLabel(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.label = source["label"];
	        this.profile = source["profile"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ClientInfo {
	    client?: string;
	    version?: string;
	    platform?: string;
	
	    static createFrom(source: any = {}) {
	        return new ClientInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.client = source["client"];
	        this.version = source["version"];
	        this.platform = source["platform"];
	    }
	}
	export class OAuthUse {
	    // Go type: time
	    time: any;
	    client: string;
	    userid?: string;
	    openid?: string;
	
	    static createFrom(source: any = {}) {
	        return new OAuthUse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = this.convertValues(source["time"], null);
	        this.client = source["client"];
	        this.userid = source["userid"];
	        this.openid = source["openid"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OAuthFinding {
	    code: string;
	    wecom?: number;
	    message: wecom.Text;
	    fix: wecom.Text;
	    firstUse?: OAuthUse;
	
	    static createFrom(source: any = {}) {
	        return new OAuthFinding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.wecom = source["wecom"];
	        this.message = this.convertValues(source["message"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.firstUse = this.convertValues(source["firstUse"], OAuthUse);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OAuthStep {
	    userid?: string;
	    openid?: string;
	    externalUserId?: string;
	    detail?: boolean;
	    emulated?: boolean;
	    scope?: string;
	    finding?: OAuthFinding;
	
	    static createFrom(source: any = {}) {
	        return new OAuthStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userid = source["userid"];
	        this.openid = source["openid"];
	        this.externalUserId = source["externalUserId"];
	        this.detail = source["detail"];
	        this.emulated = source["emulated"];
	        this.scope = source["scope"];
	        this.finding = this.convertValues(source["finding"], OAuthFinding);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Warning {
	    code: string;
	    message: wecom.Text;
	
	    static createFrom(source: any = {}) {
	        return new Warning(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = this.convertValues(source["message"], wecom.Text);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Finding {
	    code: string;
	    message: wecom.Text;
	    fix: wecom.Text;
	    signed: string;
	    page: string;
	
	    static createFrom(source: any = {}) {
	        return new Finding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = this.convertValues(source["message"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.signed = source["signed"];
	        this.page = source["page"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Report {
	    type: string;
	    level?: string;
	    api?: string;
	    ok: boolean;
	    errMsg?: string;
	    message?: string;
	    stack?: string;
	    params?: number[];
	    result?: number[];
	    pageUrl?: string;
	    landingUrl?: string;
	    userAgent?: string;
	    clientTime?: number;
	    seq?: number;
	    dropped?: number;
	    chatId?: string;
	    signature?: string;
	    expectedSignature?: string;
	    verdict?: string;
	    signedUrl?: string;
	    findings?: Finding[];
	    warnings?: Warning[];
	    explanation?: wecom.Text;
	    note?: string;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.level = source["level"];
	        this.api = source["api"];
	        this.ok = source["ok"];
	        this.errMsg = source["errMsg"];
	        this.message = source["message"];
	        this.stack = source["stack"];
	        this.params = source["params"];
	        this.result = source["result"];
	        this.pageUrl = source["pageUrl"];
	        this.landingUrl = source["landingUrl"];
	        this.userAgent = source["userAgent"];
	        this.clientTime = source["clientTime"];
	        this.seq = source["seq"];
	        this.dropped = source["dropped"];
	        this.chatId = source["chatId"];
	        this.signature = source["signature"];
	        this.expectedSignature = source["expectedSignature"];
	        this.verdict = source["verdict"];
	        this.signedUrl = source["signedUrl"];
	        this.findings = this.convertValues(source["findings"], Finding);
	        this.warnings = this.convertValues(source["warnings"], Warning);
	        this.explanation = this.convertValues(source["explanation"], wecom.Text);
	        this.note = source["note"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Signed {
	    kind: string;
	    ticketMasked: string;
	    signature: string;
	
	    static createFrom(source: any = {}) {
	        return new Signed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.ticketMasked = source["ticketMasked"];
	        this.signature = source["signature"];
	    }
	}
	export class Entry {
	    id: number;
	    // Go type: time
	    time: any;
	    profile: string;
	    client: string;
	    userAgent: string;
	    app: ClientInfo;
	    method: string;
	    path: string;
	    endpoint: string;
	    origin?: string;
	    url: string;
	    host?: string;
	    allowed: boolean;
	    decision?: string;
	    timestamp?: string;
	    nonceStr?: string;
	    signatures?: Signed[];
	    customers?: number;
	    cached?: boolean;
	    status: number;
	    code?: string;
	    message?: string;
	    messageZhCN?: string;
	    error?: string;
	    durationUs: number;
	    count?: number;
	    // Go type: time
	    lastTime: any;
	    seq?: number;
	    seqLast?: number;
	    report?: Report;
	    oauth?: OAuthStep;
	    callback?: CallbackInfo;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.time = this.convertValues(source["time"], null);
	        this.profile = source["profile"];
	        this.client = source["client"];
	        this.userAgent = source["userAgent"];
	        this.app = this.convertValues(source["app"], ClientInfo);
	        this.method = source["method"];
	        this.path = source["path"];
	        this.endpoint = source["endpoint"];
	        this.origin = source["origin"];
	        this.url = source["url"];
	        this.host = source["host"];
	        this.allowed = source["allowed"];
	        this.decision = source["decision"];
	        this.timestamp = source["timestamp"];
	        this.nonceStr = source["nonceStr"];
	        this.signatures = this.convertValues(source["signatures"], Signed);
	        this.customers = source["customers"];
	        this.cached = source["cached"];
	        this.status = source["status"];
	        this.code = source["code"];
	        this.message = source["message"];
	        this.messageZhCN = source["messageZhCN"];
	        this.error = source["error"];
	        this.durationUs = source["durationUs"];
	        this.count = source["count"];
	        this.lastTime = this.convertValues(source["lastTime"], null);
	        this.seq = source["seq"];
	        this.seqLast = source["seqLast"];
	        this.report = this.convertValues(source["report"], Report);
	        this.oauth = this.convertValues(source["oauth"], OAuthStep);
	        this.callback = this.convertValues(source["callback"], CallbackInfo);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EntryChoices {
	    member: string;
	    customers: string[];
	    groups: string[];
	
	    static createFrom(source: any = {}) {
	        return new EntryChoices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member = source["member"];
	        this.customers = source["customers"];
	        this.groups = source["groups"];
	    }
	}
	export class Filter {
	    profile: string;
	    text: string;
	    endpoint: string;
	    failed: boolean;
	    beforeId: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new Filter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.text = source["text"];
	        this.endpoint = source["endpoint"];
	        this.failed = source["failed"];
	        this.beforeId = source["beforeId"];
	        this.limit = source["limit"];
	    }
	}
	
	export class WSStats {
	    state: string;
	    sent: number;
	    received: number;
	    sentBytes: number;
	    receivedBytes: number;
	    closeCode?: number;
	    closeReason?: string;
	
	    static createFrom(source: any = {}) {
	        return new WSStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.sent = source["sent"];
	        this.received = source["received"];
	        this.sentBytes = source["sentBytes"];
	        this.receivedBytes = source["receivedBytes"];
	        this.closeCode = source["closeCode"];
	        this.closeReason = source["closeReason"];
	    }
	}
	export class NetEvent {
	    id: string;
	    kind: string;
	    method: string;
	    url: string;
	    status: number;
	    statusText?: string;
	    error?: string;
	    start: number;
	    ttfb?: number;
	    duration?: number;
	    reqHeaders?: Record<string, string>;
	    resHeaders?: Record<string, string>;
	    reqBody?: string;
	    resBody?: string;
	    reqSize?: number;
	    resSize?: number;
	    reqBodyNote?: string;
	    resBodyNote?: string;
	    mime?: string;
	    console?: boolean;
	    logId?: number;
	    element?: string;
	    ws?: WSStats;
	    // Go type: time
	    received: any;
	
	    static createFrom(source: any = {}) {
	        return new NetEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.method = source["method"];
	        this.url = source["url"];
	        this.status = source["status"];
	        this.statusText = source["statusText"];
	        this.error = source["error"];
	        this.start = source["start"];
	        this.ttfb = source["ttfb"];
	        this.duration = source["duration"];
	        this.reqHeaders = source["reqHeaders"];
	        this.resHeaders = source["resHeaders"];
	        this.reqBody = source["reqBody"];
	        this.resBody = source["resBody"];
	        this.reqSize = source["reqSize"];
	        this.resSize = source["resSize"];
	        this.reqBodyNote = source["reqBodyNote"];
	        this.resBodyNote = source["resBodyNote"];
	        this.mime = source["mime"];
	        this.console = source["console"];
	        this.logId = source["logId"];
	        this.element = source["element"];
	        this.ws = this.convertValues(source["ws"], WSStats);
	        this.received = this.convertValues(source["received"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ScreenSize {
	    width: number;
	    height: number;
	    dpr?: number;
	
	    static createFrom(source: any = {}) {
	        return new ScreenSize(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.width = source["width"];
	        this.height = source["height"];
	        this.dpr = source["dpr"];
	    }
	}
	export class SDKInfo {
	    kind: string;
	    version?: string;
	    src?: string;
	
	    static createFrom(source: any = {}) {
	        return new SDKInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.version = source["version"];
	        this.src = source["src"];
	    }
	}
	export class PageEnv {
	    url: string;
	    landingUrl: string;
	    title?: string;
	    userAgent: string;
	    app: ClientInfo;
	    dark: boolean;
	    sdk: SDKInfo;
	    screen?: ScreenSize;
	    viewport?: ScreenSize;
	    colorScheme?: string;
	    storage: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new PageEnv(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.landingUrl = source["landingUrl"];
	        this.title = source["title"];
	        this.userAgent = source["userAgent"];
	        this.app = this.convertValues(source["app"], ClientInfo);
	        this.dark = source["dark"];
	        this.sdk = this.convertValues(source["sdk"], SDKInfo);
	        this.screen = this.convertValues(source["screen"], ScreenSize);
	        this.viewport = this.convertValues(source["viewport"], ScreenSize);
	        this.colorScheme = source["colorScheme"];
	        this.storage = source["storage"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NetSession {
	    id: string;
	    client: string;
	    // Go type: time
	    started: any;
	    // Go type: time
	    updated: any;
	    env?: PageEnv;
	    dropped: number;
	    events: NetEvent[];
	
	    static createFrom(source: any = {}) {
	        return new NetSession(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client = source["client"];
	        this.started = this.convertValues(source["started"], null);
	        this.updated = this.convertValues(source["updated"], null);
	        this.env = this.convertValues(source["env"], PageEnv);
	        this.dropped = source["dropped"];
	        this.events = this.convertValues(source["events"], NetEvent);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NetSessionSummary {
	    id: string;
	    client: string;
	    // Go type: time
	    started: any;
	    // Go type: time
	    updated: any;
	    env?: PageEnv;
	    count: number;
	    failed: number;
	    dropped: number;
	    live: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NetSessionSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.client = source["client"];
	        this.started = this.convertValues(source["started"], null);
	        this.updated = this.convertValues(source["updated"], null);
	        this.env = this.convertValues(source["env"], PageEnv);
	        this.count = source["count"];
	        this.failed = source["failed"];
	        this.dropped = source["dropped"];
	        this.live = source["live"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class PageEntry {
	    entry: string;
	    contact?: string;
	    chat?: string;
	
	    static createFrom(source: any = {}) {
	        return new PageEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entry = source["entry"];
	        this.contact = source["contact"];
	        this.chat = source["chat"];
	    }
	}
	
	
	
	
	
	

}

export namespace diagnose {
	
	export class Finding {
	    code: string;
	    message: wecom.Text;
	    fix: wecom.Text;
	    signed: string;
	    page: string;
	    severity?: string;
	    evidence?: string;
	
	    static createFrom(source: any = {}) {
	        return new Finding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = this.convertValues(source["message"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.signed = source["signed"];
	        this.page = source["page"];
	        this.severity = source["severity"];
	        this.evidence = source["evidence"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Verdict {
	    code: string;
	    explanation: wecom.Text;
	    fix: wecom.Text;
	    kind: string;
	    ticketMasked: string;
	    ticketCurrent: boolean;
	    ticketFetchedAt: number;
	    ticketExpiresAt: number;
	    ticketIssue: string;
	    url: string;
	    variantCode: string;
	    signStringMasked: string;
	    expectedSignature: string;
	    expectedSignStringMasked: string;
	    findings: Finding[];
	    warnings: jssdk.Warning[];
	    tried: number;
	
	    static createFrom(source: any = {}) {
	        return new Verdict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.explanation = this.convertValues(source["explanation"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.kind = source["kind"];
	        this.ticketMasked = source["ticketMasked"];
	        this.ticketCurrent = source["ticketCurrent"];
	        this.ticketFetchedAt = source["ticketFetchedAt"];
	        this.ticketExpiresAt = source["ticketExpiresAt"];
	        this.ticketIssue = source["ticketIssue"];
	        this.url = source["url"];
	        this.variantCode = source["variantCode"];
	        this.signStringMasked = source["signStringMasked"];
	        this.expectedSignature = source["expectedSignature"];
	        this.expectedSignStringMasked = source["expectedSignStringMasked"];
	        this.findings = this.convertValues(source["findings"], Finding);
	        this.warnings = this.convertValues(source["warnings"], jssdk.Warning);
	        this.tried = source["tried"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditCall {
	    case: string;
	    pageUrl: string;
	    requestUrl: string;
	    status: number;
	    body: string;
	    timestamp: string;
	    nonceStr: string;
	    signature: string;
	    verdict: Verdict;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditCall(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.case = source["case"];
	        this.pageUrl = source["pageUrl"];
	        this.requestUrl = source["requestUrl"];
	        this.status = source["status"];
	        this.body = source["body"];
	        this.timestamp = source["timestamp"];
	        this.nonceStr = source["nonceStr"];
	        this.signature = source["signature"];
	        this.verdict = this.convertValues(source["verdict"], Verdict);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditCheck {
	    code: string;
	    title: wecom.Text;
	    pass: boolean;
	    skipped: boolean;
	    status: string;
	    evidence: string;
	    evidenceZh: string;
	    fix: wecom.Text;
	
	    static createFrom(source: any = {}) {
	        return new AuditCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.title = this.convertValues(source["title"], wecom.Text);
	        this.pass = source["pass"];
	        this.skipped = source["skipped"];
	        this.status = source["status"];
	        this.evidence = source["evidence"];
	        this.evidenceZh = source["evidenceZh"];
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditInput {
	    endpoint: string;
	    kind: string;
	    timestampField: string;
	    nonceField: string;
	    signatureField: string;
	    pageBase: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.endpoint = source["endpoint"];
	        this.kind = source["kind"];
	        this.timestampField = source["timestampField"];
	        this.nonceField = source["nonceField"];
	        this.signatureField = source["signatureField"];
	        this.pageBase = source["pageBase"];
	    }
	}
	export class AuditReport {
	    endpoint: string;
	    kind: string;
	    pageBase: string;
	    checks: AuditCheck[];
	    calls: AuditCall[];
	    passed: number;
	    failed: number;
	    warnings: number;
	    skipped: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.endpoint = source["endpoint"];
	        this.kind = source["kind"];
	        this.pageBase = source["pageBase"];
	        this.checks = this.convertValues(source["checks"], AuditCheck);
	        this.calls = this.convertValues(source["calls"], AuditCall);
	        this.passed = source["passed"];
	        this.failed = source["failed"];
	        this.warnings = source["warnings"];
	        this.skipped = source["skipped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Explanation {
	    matched: boolean;
	    kind: string;
	    call: string;
	    code: number;
	    cause: wecom.Text;
	    fix: wecom.Text;
	    tool: string;
	    doc: string;
	
	    static createFrom(source: any = {}) {
	        return new Explanation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.matched = source["matched"];
	        this.kind = source["kind"];
	        this.call = source["call"];
	        this.code = source["code"];
	        this.cause = this.convertValues(source["cause"], wecom.Text);
	        this.fix = this.convertValues(source["fix"], wecom.Text);
	        this.tool = source["tool"];
	        this.doc = source["doc"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ForensicsInput {
	    pageUrl: string;
	    signature: string;
	    timestamp: string;
	    nonceStr: string;
	    failed: string;
	
	    static createFrom(source: any = {}) {
	        return new ForensicsInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pageUrl = source["pageUrl"];
	        this.signature = source["signature"];
	        this.timestamp = source["timestamp"];
	        this.nonceStr = source["nonceStr"];
	        this.failed = source["failed"];
	    }
	}
	export class Segment {
	    text: string;
	    differs: boolean;
	    ignored?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Segment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.differs = source["differs"];
	        this.ignored = source["ignored"];
	    }
	}
	export class URLParts {
	    lead: string;
	    scheme: string;
	    separator: string;
	    userInfo: string;
	    host: string;
	    port: string;
	    path: string;
	    query: string;
	    hash: string;
	    trail: string;
	
	    static createFrom(source: any = {}) {
	        return new URLParts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lead = source["lead"];
	        this.scheme = source["scheme"];
	        this.separator = source["separator"];
	        this.userInfo = source["userInfo"];
	        this.host = source["host"];
	        this.port = source["port"];
	        this.path = source["path"];
	        this.query = source["query"];
	        this.hash = source["hash"];
	        this.trail = source["trail"];
	    }
	}
	export class Result {
	    match: boolean;
	    findings: Finding[];
	    signed: URLParts;
	    page: URLParts;
	    pageCut: string;
	    signedSegments: Segment[];
	    pageSegments: Segment[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.match = source["match"];
	        this.findings = this.convertValues(source["findings"], Finding);
	        this.signed = this.convertValues(source["signed"], URLParts);
	        this.page = this.convertValues(source["page"], URLParts);
	        this.pageCut = source["pageCut"];
	        this.signedSegments = this.convertValues(source["signedSegments"], Segment);
	        this.pageSegments = this.convertValues(source["pageSegments"], Segment);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

export namespace joinway {
	
	export class Config {
	    scene: number;
	    remark: string;
	    autoCreateRoom: boolean;
	    roomBaseName: string;
	    roomBaseId: number;
	    chatIds: string[];
	    state: string;
	    markSource: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.remark = source["remark"];
	        this.autoCreateRoom = source["autoCreateRoom"];
	        this.roomBaseName = source["roomBaseName"];
	        this.roomBaseId = source["roomBaseId"];
	        this.chatIds = source["chatIds"];
	        this.state = source["state"];
	        this.markSource = source["markSource"];
	    }
	}
	export class Join {
	    id: number;
	    kind: string;
	    state: string;
	    joinWayId: number;
	    configId?: string;
	    chatId?: string;
	    externalUserId: string;
	    userId?: string;
	    joinScene?: number;
	    // Go type: time
	    joinedAt: any;
	    // Go type: time
	    recordedAt: any;
	    new: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Join(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.state = source["state"];
	        this.joinWayId = source["joinWayId"];
	        this.configId = source["configId"];
	        this.chatId = source["chatId"];
	        this.externalUserId = source["externalUserId"];
	        this.userId = source["userId"];
	        this.joinScene = source["joinScene"];
	        this.joinedAt = this.convertValues(source["joinedAt"], null);
	        this.recordedAt = this.convertValues(source["recordedAt"], null);
	        this.new = source["new"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Entry {
	    id: number;
	    profile: string;
	    configId: string;
	    status: string;
	    config: Config;
	    qrUrl: string;
	    joinLink: string;
	    hasImage: boolean;
	    imageError?: string;
	    lastError?: string;
	    // Go type: time
	    intentAt: any;
	    // Go type: time
	    createdAt: any;
	    // Go type: time
	    updatedAt: any;
	    // Go type: time
	    readAt: any;
	    joins: Join[];
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.profile = source["profile"];
	        this.configId = source["configId"];
	        this.status = source["status"];
	        this.config = this.convertValues(source["config"], Config);
	        this.qrUrl = source["qrUrl"];
	        this.joinLink = source["joinLink"];
	        this.hasImage = source["hasImage"];
	        this.imageError = source["imageError"];
	        this.lastError = source["lastError"];
	        this.intentAt = this.convertValues(source["intentAt"], null);
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.readAt = this.convertValues(source["readAt"], null);
	        this.joins = this.convertValues(source["joins"], Join);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Mapping {
	    label: string;
	    chatId: string;
	    configId: string;
	    source: string;
	    inPool: boolean;
	    // Go type: time
	    createdAt: any;
	
	    static createFrom(source: any = {}) {
	        return new Mapping(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.chatId = source["chatId"];
	        this.configId = source["configId"];
	        this.source = source["source"];
	        this.inPool = source["inPool"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PoolGroup {
	    chatId: string;
	    name: string;
	    // Go type: time
	    addedAt: any;
	    free: boolean;
	    label?: string;
	    configId?: string;
	    // Go type: time
	    takenAt: any;
	
	    static createFrom(source: any = {}) {
	        return new PoolGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.name = source["name"];
	        this.addedAt = this.convertValues(source["addedAt"], null);
	        this.free = source["free"];
	        this.label = source["label"];
	        this.configId = source["configId"];
	        this.takenAt = this.convertValues(source["takenAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PoolStatus {
	    profile: string;
	    free: number;
	    used: number;
	    threshold: number;
	    low: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PoolStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.free = source["free"];
	        this.used = source["used"];
	        this.threshold = source["threshold"];
	        this.low = source["low"];
	    }
	}
	export class Warning {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Warning(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class Result {
	    entry: Entry;
	    reused: boolean;
	    warnings: Warning[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entry = this.convertValues(source["entry"], Entry);
	        this.reused = source["reused"];
	        this.warnings = this.convertValues(source["warnings"], Warning);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TakeResult {
	    mapping: Mapping;
	    entry: Entry;
	    reused: boolean;
	    pool: PoolStatus;
	
	    static createFrom(source: any = {}) {
	        return new TakeResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mapping = this.convertValues(source["mapping"], Mapping);
	        this.entry = this.convertValues(source["entry"], Entry);
	        this.reused = source["reused"];
	        this.pool = this.convertValues(source["pool"], PoolStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace jssdk {
	
	export class Warning {
	    code: string;
	    detail: string;
	    detailZh: string;
	
	    static createFrom(source: any = {}) {
	        return new Warning(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.detail = source["detail"];
	        this.detailZh = source["detailZh"];
	    }
	}
	export class Breakdown {
	    kind: string;
	    url: string;
	    signedUrl: string;
	    timestamp: string;
	    nonceStr: string;
	    ticketMasked: string;
	    signStringMasked: string;
	    signature: string;
	    warnings: Warning[];
	
	    static createFrom(source: any = {}) {
	        return new Breakdown(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.url = source["url"];
	        this.signedUrl = source["signedUrl"];
	        this.timestamp = source["timestamp"];
	        this.nonceStr = source["nonceStr"];
	        this.ticketMasked = source["ticketMasked"];
	        this.signStringMasked = source["signStringMasked"];
	        this.signature = source["signature"];
	        this.warnings = this.convertValues(source["warnings"], Warning);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace reach {
	
	export class Verdict {
	    host: string;
	    level: string;
	    reasons: wecom.Text[];
	    corsOrigin: string;
	    snippet: wecom.Text;
	    needsVerifyFile: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Verdict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.level = source["level"];
	        this.reasons = this.convertValues(source["reasons"], wecom.Text);
	        this.corsOrigin = source["corsOrigin"];
	        this.snippet = this.convertValues(source["snippet"], wecom.Text);
	        this.needsVerifyFile = source["needsVerifyFile"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace sandbox {
	
	export class Delivery {
	    attempt: number;
	    status?: number;
	    answer: string;
	    error?: string;
	    ok: boolean;
	    durationMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Delivery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.attempt = source["attempt"];
	        this.status = source["status"];
	        this.answer = source["answer"];
	        this.error = source["error"];
	        this.ok = source["ok"];
	        this.durationMs = source["durationMs"];
	    }
	}

}

export namespace settings {
	
	export class Snapshot {
	    language: string;
	    theme: string;
	    systemLanguage: string;
	
	    static createFrom(source: any = {}) {
	        return new Snapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.theme = source["theme"];
	        this.systemLanguage = source["systemLanguage"];
	    }
	}

}

export namespace tickets {
	
	export class Count {
	    used: number;
	    limit: number;
	    warn: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Count(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.used = source["used"];
	        this.limit = source["limit"];
	        this.warn = source["warn"];
	    }
	}
	export class Budget {
	    corp: Count;
	    app: Count;
	
	    static createFrom(source: any = {}) {
	        return new Budget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.corp = this.convertValues(source["corp"], Count);
	        this.app = this.convertValues(source["app"], Count);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CredStatus {
	    kind: string;
	    masked: string;
	    fetchedAt: number;
	    expiresAt: number;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new CredStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.masked = source["masked"];
	        this.fetchedAt = source["fetchedAt"];
	        this.expiresAt = source["expiresAt"];
	        this.state = source["state"];
	    }
	}
	export class ErrorInfo {
	    kind: string;
	    code: string;
	    wecomCode: number;
	    message: string;
	    at: number;
	    retryAt: number;
	    explanation?: wecom.Explanation;
	
	    static createFrom(source: any = {}) {
	        return new ErrorInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.code = source["code"];
	        this.wecomCode = source["wecomCode"];
	        this.message = source["message"];
	        this.at = source["at"];
	        this.retryAt = source["retryAt"];
	        this.explanation = this.convertValues(source["explanation"], wecom.Explanation);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryEntry {
	    kind: string;
	    masked: string;
	    fetchedAt: number;
	    expiresAt: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.masked = source["masked"];
	        this.fetchedAt = source["fetchedAt"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class Status {
	    profile: string;
	    credentials: CredStatus[];
	    budget: Budget;
	    lastError?: ErrorInfo;
	    history: HistoryEntry[];
	    persistError: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.credentials = this.convertValues(source["credentials"], CredStatus);
	        this.budget = this.convertValues(source["budget"], Budget);
	        this.lastError = this.convertValues(source["lastError"], ErrorInfo);
	        this.history = this.convertValues(source["history"], HistoryEntry);
	        this.persistError = source["persistError"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace tunnel {
	
	export class Status {
	    provider: string;
	    state: string;
	    publicUrl?: string;
	    urls?: string[];
	    reason?: string;
	    // Go type: time
	    at: any;
	    attempt: number;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.provider = source["provider"];
	        this.state = source["state"];
	        this.publicUrl = source["publicUrl"];
	        this.urls = source["urls"];
	        this.reason = source["reason"];
	        this.at = this.convertValues(source["at"], null);
	        this.attempt = source["attempt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace wecom {
	
	export class CallbackEvent {
	    toUserName: string;
	    fromUserName: string;
	    createTime: number;
	    msgType: string;
	    event?: string;
	    changeType?: string;
	    chatId?: string;
	    updateDetail?: string;
	    joinScene?: number;
	    quitScene?: number;
	    memChangeCnt?: number;
	    memChangeList?: string[];
	    userId?: string;
	    externalUserId?: string;
	    state?: string;
	    agentId?: string;
	    msgId?: string;
	
	    static createFrom(source: any = {}) {
	        return new CallbackEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.toUserName = source["toUserName"];
	        this.fromUserName = source["fromUserName"];
	        this.createTime = source["createTime"];
	        this.msgType = source["msgType"];
	        this.event = source["event"];
	        this.changeType = source["changeType"];
	        this.chatId = source["chatId"];
	        this.updateDetail = source["updateDetail"];
	        this.joinScene = source["joinScene"];
	        this.quitScene = source["quitScene"];
	        this.memChangeCnt = source["memChangeCnt"];
	        this.memChangeList = source["memChangeList"];
	        this.userId = source["userId"];
	        this.externalUserId = source["externalUserId"];
	        this.state = source["state"];
	        this.agentId = source["agentId"];
	        this.msgId = source["msgId"];
	    }
	}
	export class Text {
	    "zh-CN": string;
	    "en-US": string;
	
	    static createFrom(source: any = {}) {
	        return new Text(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this["zh-CN"] = source["zh-CN"];
	        this["en-US"] = source["en-US"];
	    }
	}
	export class Explanation {
	    code: number;
	    cause: Text;
	    fix: Text;
	    doc: string;
	
	    static createFrom(source: any = {}) {
	        return new Explanation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.cause = this.convertValues(source["cause"], Text);
	        this.fix = this.convertValues(source["fix"], Text);
	        this.doc = source["doc"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GroupAdmin {
	    userid: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupAdmin(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userid = source["userid"];
	    }
	}
	export class GroupInvitor {
	    userid: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupInvitor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userid = source["userid"];
	    }
	}
	export class GroupMember {
	    userid: string;
	    type: number;
	    unionid?: string;
	    join_time: number;
	    join_scene: number;
	    invitor?: GroupInvitor;
	    group_nickname?: string;
	    name?: string;
	    state?: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupMember(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userid = source["userid"];
	        this.type = source["type"];
	        this.unionid = source["unionid"];
	        this.join_time = source["join_time"];
	        this.join_scene = source["join_scene"];
	        this.invitor = this.convertValues(source["invitor"], GroupInvitor);
	        this.group_nickname = source["group_nickname"];
	        this.name = source["name"];
	        this.state = source["state"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GroupChat {
	    chat_id: string;
	    name: string;
	    owner: string;
	    create_time: number;
	    notice: string;
	    member_list: GroupMember[];
	    admin_list: GroupAdmin[];
	    member_version: string;
	
	    static createFrom(source: any = {}) {
	        return new GroupChat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chat_id = source["chat_id"];
	        this.name = source["name"];
	        this.owner = source["owner"];
	        this.create_time = source["create_time"];
	        this.notice = source["notice"];
	        this.member_list = this.convertValues(source["member_list"], GroupMember);
	        this.admin_list = this.convertValues(source["admin_list"], GroupAdmin);
	        this.member_version = source["member_version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class GroupRef {
	    chat_id: string;
	    status: number;
	
	    static createFrom(source: any = {}) {
	        return new GroupRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chat_id = source["chat_id"];
	        this.status = source["status"];
	    }
	}

}

export namespace workspace {
	
	export class SignResult {
	    profile: string;
	    corpId: string;
	    agentId: number;
	    url: string;
	    timestamp: string;
	    nonceStr: string;
	    config?: jssdk.Breakdown;
	    agent?: jssdk.Breakdown;
	    register: string;
	
	    static createFrom(source: any = {}) {
	        return new SignResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.profile = source["profile"];
	        this.corpId = source["corpId"];
	        this.agentId = source["agentId"];
	        this.url = source["url"];
	        this.timestamp = source["timestamp"];
	        this.nonceStr = source["nonceStr"];
	        this.config = this.convertValues(source["config"], jssdk.Breakdown);
	        this.agent = this.convertValues(source["agent"], jssdk.Breakdown);
	        this.register = source["register"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SimulatedJoin {
	    chatId: string;
	    externalUserId: string;
	    joined: boolean;
	    event?: string;
	    deliveries: sandbox.Delivery[];
	    delivered: boolean;
	    joinWayId: number;
	    configId: string;
	    url?: string;
	    callbackError?: string;
	
	    static createFrom(source: any = {}) {
	        return new SimulatedJoin(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.externalUserId = source["externalUserId"];
	        this.joined = source["joined"];
	        this.event = source["event"];
	        this.deliveries = this.convertValues(source["deliveries"], sandbox.Delivery);
	        this.delivered = source["delivered"];
	        this.joinWayId = source["joinWayId"];
	        this.configId = source["configId"];
	        this.url = source["url"];
	        this.callbackError = source["callbackError"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace xml {
	
	export class Name {
	    Space: string;
	    Local: string;
	
	    static createFrom(source: any = {}) {
	        return new Name(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Space = source["Space"];
	        this.Local = source["Local"];
	    }
	}

}

