package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutProgress;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.transport.http.VoyagerResponse;


/** Rollouts: list per product, get, progress, widen, edit the plan, pause and resume. */
final class RolloutRoutes {
    private final Voyager voyager;

    RolloutRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/products/{productId}/rollouts", this::list);
        router.add("GET", "/admin/rollouts/{rolloutId}", call -> rollout(call,
                voyager.rollouts().get(call.param("rolloutId"))));
        router.add("GET", "/admin/rollouts/{rolloutId}/stats", this::stats);
        router.add("POST", "/admin/rollouts/{rolloutId}/widen", this::widen);
        router.add("PUT", "/admin/rollouts/{rolloutId}/plan", this::replan);
        router.add("POST", "/admin/rollouts/{rolloutId}/pause", this::pause);
        router.add("POST", "/admin/rollouts/{rolloutId}/resume", call -> rollout(call,
                voyager.rollouts().resume(call.param("rolloutId"))));
    }

    private static VoyagerResponse rollout(AdminCall call, Rollout rollout) {
        return call.ok(g -> RolloutJson.rollout(g, rollout));
    }

    private VoyagerResponse list(AdminCall call) {
        return call.okList("rollouts", voyager.rollouts().list(call.param("productId")), RolloutJson::rollout);
    }

    private VoyagerResponse stats(AdminCall call) {
        RolloutProgress progress = voyager.rollouts().progress(call.param("rolloutId"));
        return call.ok(g -> RolloutJson.progress(g, progress));
    }

    private VoyagerResponse widen(AdminCall call) {
        String rolloutId = voyager.rollouts().get(call.param("rolloutId")).id(); // 404 before reading the body
        RolloutTarget[] target = new RolloutTarget[1];
        call.readBody("target", (field, p) -> {
            if (!field.equals("target")) {
                return false;
            }
            target[0] = Fields.absent(p) ? null : RolloutBodies.target(p, field);
            return true;
        }, false);
        return rollout(call, voyager.rollouts().widen(rolloutId, Fields.required("target", target[0],
                "the wider audience, such as {\"type\":\"percent\",\"percent\":50}")));
    }

    private VoyagerResponse replan(AdminCall call) {
        Rollout current = voyager.rollouts().get(call.param("rolloutId")); // 404 before reading the body
        double rate = current.plan().map(RolloutPlan::advanceAtSuccessRate).orElse(0.95);
        RolloutPlan[] plan = new RolloutPlan[1];
        call.readBody("plan", (field, p) -> {
            if (!field.equals("plan")) {
                return false;
            }
            plan[0] = Fields.absent(p) ? null : RolloutBodies.plan(p, field, rate);
            return true;
        }, false);
        return rollout(call, voyager.rollouts().replan(current.id(), Fields.required("plan", plan[0],
                "the stages, such as {\"stages\":[{\"percent\":10,\"soak\":\"PT1H\"},{\"percent\":100,"
                        + "\"soak\":\"PT0S\"}]}")));
    }

    private VoyagerResponse pause(AdminCall call) {
        String rolloutId = voyager.rollouts().get(call.param("rolloutId")).id();
        String reason = ReasonBody.read(call, "why the rollout stops, such as 'investigating failures'");
        return rollout(call, voyager.rollouts().pause(rolloutId, reason));
    }
}
