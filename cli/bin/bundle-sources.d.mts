// Types of bundle-sources.mjs (plain JavaScript so that the `vmxlab` entry can run it without tsx).
export declare const REPO: string;
export declare const CACHE_DIR: string;
export declare function bundleSources(entry: string, outfile: string): Promise<void>;
export declare function cachedBundle(entry: string, prefix: string): Promise<string | null>;
export declare function cliBundle(): Promise<string | null>;
