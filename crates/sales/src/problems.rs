innexar_kernel::problem_codes! {
    known: [innexar_http::problems::ALL];
    "financing.invalid_amount" => 422, "The amount financed must be more than zero and at most R$ 100 million";
    "financing.invalid_rate" => 422, "The monthly rate is a decimal fraction written as text, such as \"0.0199\"";
    "financing.rate_out_of_range" => 422, "The monthly rate must be from 0 to 0.10 (10 % a month)";
    "financing.invalid_installments" => 422, "From 1 to 120 installments";
    "financing.date_in_past" => 422, "The contract cannot be dated before today";
    "financing.date_too_far" => 422, "The contract date must be within a year";
    "financing.invalid_first_due_date" => 422, "The first installment falls due after the contract date and at most 92 days after it";
    "financing.too_many_fees" => 422, "At most 20 fees";
    "financing.invalid_fee_name" => 422, "A fee's name has 1 to 40 characters";
    "financing.invalid_fee" => 422, "A fee is from zero to R$ 100 million";
    "financing.rate_table_not_found" => 404, "No rate table with this id";
    "financing.duplicate_rate_table" => 409, "This bank already has a rate table with this name";
    "financing.invalid_rates" => 422, "A rate table has 1 to 50 rates";
    "financing.duplicate_rate" => 422, "Another rate of the table has this term and down payment";
    "financing.invalid_down_payment" => 422, "The down payment is from zero to less than the price (a share from 0 to 0.9 in a rate table)";
    "financing.charges_exceed_amount" => 422, "Fees paid at signing must be less than the amount financed";
}
