package io.engagebridge.api;

import jakarta.validation.GroupSequence;
import jakarta.validation.groups.Default;

/**
 * The order a request body is checked in: every field on its own first (present, well-formed: the
 * {@link Default} group), then the rules that read several fields or need them well-formed ({@link Then}), only
 * when the first pass found nothing anywhere in the body. So one mistake is reported once: a blank currency is
 * "required", not also "not an ISO code", and totals are not added up over a line with a negative price. A resource
 * asks for it on its body parameter: {@code @Valid @ConvertGroup(to = Checks.InOrder.class)}. (A sequence redefining
 * a record's own default group would not do: it stops on the record's own violations only, not its lines'.)
 */
public final class Checks {

    private Checks() {
    }

    /** Rules checked once every field passed on its own. */
    public interface Then {
    }

    /** Both passes, in order, over the whole body. */
    @GroupSequence({ Default.class, Then.class })
    public interface InOrder {
    }
}
