import { describe, expect, it } from "vitest";
import { graphPath, matchRoute } from "./router.js";

describe("matchRoute", () => {
  it("maps the dashboard's paths to pages", () => {
    expect(matchRoute("/")).toEqual({ name: "graphs" });
    expect(matchRoute("/graphs/")).toEqual({ name: "graphs" });
    expect(matchRoute("/submit")).toEqual({ name: "submit" });
    expect(matchRoute("/workers")).toEqual({ name: "workers" });
    expect(matchRoute("/approvals")).toEqual({ name: "approvals" });
    expect(matchRoute(graphPath("01jd-3"))).toEqual({ name: "graph", id: "01jd-3" });
    expect(graphPath("g 1", "review&x")).toBe("/graphs/g%201?node=review%26x");
    expect(matchRoute("/graphs/a/b")).toEqual({ name: "not-found", path: "/graphs/a/b" });
    expect(matchRoute("/graphs/%E0%A4%A")).toEqual({ name: "not-found", path: "/graphs/%E0%A4%A" });
  });
});
