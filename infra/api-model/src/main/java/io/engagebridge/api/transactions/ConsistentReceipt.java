package io.engagebridge.api.transactions;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.stream.Stream;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A receipt that holds together: its customer named exactly once ({@code create} only with a key), its lines adding
 * up to {@code totalGrossPrice} (a RETURN line counting against it) and so its payments, each within
 * {@link #TOLERANCE}. Checked after every field passed on its own ({@link io.engagebridge.api.Checks.Then}).
 */
@Documented
@Constraint(validatedBy = ConsistentReceipt.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ConsistentReceipt {

    String RETURN = "RETURN";
    BigDecimal TOLERANCE = new BigDecimal("0.01");

    String message() default "The receipt does not hold together";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ConsistentReceipt, ReceiptRequest> {
        @Override
        public boolean isValid(ReceiptRequest r, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            long named = Stream.of(r.contactId(), r.email(), r.mobilePhone(), r.memberNumber(), r.externalId())
                    .filter(name -> name != null).count();
            if (named != 1) {
                context.buildConstraintViolationWithTemplate("Name the customer by exactly one of contactId, email, "
                        + "mobilePhone, memberNumber, externalId").addConstraintViolation();
                return false;
            }
            if (r.contactId() != null && r.create() != null && !r.create().isNull()) {
                context.buildConstraintViolationWithTemplate("goes with a key (email, ...), not with contactId")
                        .addPropertyNode("create").addConstraintViolation();
                return false;
            }
            if (r.totalGrossPrice() == null || r.items() == null || r.paymentMethods() == null) {
                return true;
            }
            BigDecimal lines = BigDecimal.ZERO;
            for (ReceiptRequest.Item item : r.items()) {
                if (item == null || item.grossPaidPrice() == null) {
                    return true;
                }
                lines = lines.add(RETURN.equals(item.type()) ? item.grossPaidPrice().negate() : item.grossPaidPrice());
            }
            if (lines.subtract(r.totalGrossPrice()).abs().compareTo(TOLERANCE) > 0) {
                context.buildConstraintViolationWithTemplate(r.totalGrossPrice().toPlainString()
                        + " does not match the items, which add up to " + lines.toPlainString())
                        .addPropertyNode("totalGrossPrice").addConstraintViolation();
                return false;
            }
            BigDecimal paid = BigDecimal.ZERO;
            for (ReceiptRequest.PaymentMethod payment : r.paymentMethods()) {
                if (payment == null || payment.value() == null) {
                    return true;
                }
                paid = paid.add(payment.value());
            }
            if (paid.subtract(r.totalGrossPrice()).abs().compareTo(TOLERANCE) > 0) {
                context.buildConstraintViolationWithTemplate("add up to " + paid.toPlainString()
                        + ", not totalGrossPrice " + r.totalGrossPrice().toPlainString())
                        .addPropertyNode("paymentMethods").addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}
