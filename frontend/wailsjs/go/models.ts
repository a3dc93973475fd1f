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

