package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.FencedException;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.StoreUnreachableException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the effects of ticks, in order: the one executor of the daemon and the one-shot commands. What a mode
 * leaves out is decided here and nowhere else:
 * <ul>
 *   <li>{@link Mode#LIVE}: everything;
 *   <li>{@link Mode#DRY_RUN}: no write, no state change; journal lines are marked dry-run and notifications
 *       say "dry run" (the conditions they report are real);
 *   <li>{@link Mode#PREVIEW} ({@code plan}): nothing but the log.
 * </ul>
 * A failing journal, state store or notifier is logged, never fatal to a failover.
 */
public final class EffectRunner {

    private static final Logger log = LoggerFactory.getLogger(EffectRunner.class);

    /** What runs. */
    public enum Mode {
        LIVE,
        DRY_RUN,
        PREVIEW
    }

    private final StateStore store;
    private final Notifications notifications;
    private final Clock clock;
    private final Mode mode;

    /** @param store may be {@code null} in {@link Mode#PREVIEW} */
    public EffectRunner(StateStore store, Notifications notifications, Clock clock, Mode mode) {
        this.store = store;
        this.notifications = notifications;
        this.clock = clock;
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Runs {@code effects} of {@code group} ({@code null} for daemon-wide ones); writes are handed to {@code writes}.
     *
     * @return the group's state as last saved or restored by these effects, or {@code null} when none was
     */
    public GroupState run(String group, List<Effect> effects, Consumer<Effect.Write> writes) {
        return run(group, effects, null, writes);
    }

    /**
     * Runs {@code effects} of a group whose state is known to have been saved as {@code known} (a daemon's memory):
     * a save finds it there, or saves nothing. When it has vanished since it was read (deleted), the change is made
     * to {@code known} and returned unsaved, for the next tick to restore it and raise {@code state-lost}: saved
     * on its own, it would replace what was lost (a pin) with the change alone.
     *
     * @param known the state as last saved or seen, or {@code null} when nothing was
     * @return the group's state as last saved, restored or kept in place of a vanished one, or {@code null}
     */
    public GroupState run(String group, List<Effect> effects, GroupState known, Consumer<Effect.Write> writes) {
        GroupState saved = null;
        GroupState remembered = known;
        String unsaved = null;
        for (Effect e : effects) {
            if (unsaved != null && e instanceof Effect.Write w) {
                log.warn("group {}: not writing {} to {}: {}", group, w.desired(), w.provider(), unsaved);
                continue;
            }
            try {
                if (e instanceof Effect.Log l) {
                    logLine(l);
                } else if (e instanceof Effect.Journal j) {
                    journal(group, j.type(), j.data());
                } else if (e instanceof Effect.Notify n) {
                    notify(n.notification());
                } else if (e instanceof Effect.Save s) {
                    if (mode == Mode.LIVE && remembered == null) {
                        saved = store.update(group, s.change()::apply);
                    } else if (mode == Mode.LIVE) {
                        GroupState base = remembered;
                        saved = store.updateIfPresent(group, s.change()::apply).orElseGet(() -> {
                            log.warn("group {}: its saved state vanished since it was read; the change is kept in memory"
                                    + " and the state restored on the next tick", group);
                            return s.change().apply(base);
                        });
                        remembered = saved;
                    }
                } else if (e instanceof Effect.Restore r) {
                    if (mode == Mode.LIVE) {
                        store.restore(group, r.state());
                        saved = r.state();
                        remembered = remembered == null ? null : saved;
                    }
                } else if (e instanceof Effect.Write w) {
                    if (mode == Mode.LIVE) {
                        writes.accept(w);
                    } else {
                        log.info("group {}: dry run, would write {} to {}", group, w.desired(), w.provider());
                    }
                }
            } catch (FencedException | StoreUnreachableException failure) {
                // a cluster's fence: the save that did not happen was the right to write, so no write follows it
                unsaved = failure.getMessage();
                if (failure instanceof FencedException) {
                    log.info("{}", failure.getMessage()); // another node's write under way: this one waits its turn
                } else {
                    log.error("group {}: {} failed: {}", group, e.getClass().getSimpleName(), failure.getMessage());
                }
            } catch (RuntimeException failure) {
                // the next tick tries again; a failover never stops for the journal or the state directory
                log.error("group {}: {} failed: {}", group, e.getClass().getSimpleName(), failure.toString());
            }
        }
        return saved;
    }

    private void logLine(Effect.Log l) {
        if (mode == Mode.PREVIEW) {
            log.debug(l.message());
        } else if (l.warning()) {
            log.warn(l.message());
        } else {
            log.info(l.message());
        }
    }

    /** Appends one journal line (unless previewing); never throws. */
    public void journal(String group, Event.Type type, java.util.Map<String, Object> data) {
        if (mode == Mode.PREVIEW) {
            return;
        }
        try {
            store.journal().append(new Event(clock.instant(), group, type, mode == Mode.DRY_RUN, data));
        } catch (RuntimeException e) {
            log.error("cannot write the journal: {}", e.toString());
        }
    }

    private void notify(Notification n) {
        if (mode == Mode.PREVIEW || notifications == null) {
            return;
        }
        notifications.publish(mode == Mode.LIVE ? n : new Notification(n.kind(), n.group(), n.at(), "[dry run] " + n.summary(),
                n.evidence(), n.changes(), n.phase()));
    }
}
